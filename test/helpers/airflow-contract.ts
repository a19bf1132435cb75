/**
 * The Airflow API contract: the official OpenAPI files (found by `locateSpecs`: `AIRFLOW_API_SPECS`,
 * `../shared/airflow-api`, or the `npm run specs` cache), checked with openapi-backend. Tests use it to prove that every request the
 * bot sends and every response it parses is one the real Airflow API defines.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import OpenAPIBackend, { type Request as OpenApiRequest } from 'openapi-backend';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { SPECS_NOT_FOUND, locateSpecs } from '../airflow-api-specs/spec-location';

export type SpecName = 'v1' | 'v2' | 'simple-auth';

const SPEC_FILES: Record<SpecName, { file: string; apiRoot: string }> = {
  v1: { file: 'airflow-2-v1.yaml', apiRoot: '/api/v1' },
  // v2 and the auth manager spell absolute paths (`/api/v2/...`, `/auth/token`).
  v2: { file: 'airflow-3-v2.yaml', apiRoot: '/' },
  'simple-auth': { file: 'airflow-3-simple-auth-manager.yaml', apiRoot: '/' },
};

/** Where the official spec files are; throws the "not found" line when nowhere. */
export function specDirectory(): string {
  const location = locateSpecs(process.env);
  if (!location.found) throw new Error(`${SPECS_NOT_FOUND} (looked in ${location.searched.join(', ')})`);
  return location.directory;
}

/** One HTTP exchange as seen on the wire. `path` is the full path from the host root, without query. */
export interface WireRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/** Picks the spec that owns a path: `/api/v1/…` → v1, `/api/v2/…` → v2, `/auth/…` → simple auth. */
export function specForPath(requestPath: string): SpecName | undefined {
  if (requestPath.startsWith('/api/v1/')) return 'v1';
  if (requestPath.startsWith('/api/v2/')) return 'v2';
  if (requestPath.startsWith('/auth/')) return 'simple-auth';
  return undefined;
}

export class AirflowContract {
  private constructor(private readonly backends: Record<SpecName, OpenAPIBackend>) {}

  /** Loads and compiles the three specs once per test file. */
  static async load(directory = specDirectory()): Promise<AirflowContract> {
    const entries = await Promise.all(
      (Object.keys(SPEC_FILES) as SpecName[]).map(async (name) => {
        const { file, apiRoot } = SPEC_FILES[name];
        const definition = parseYaml(readFileSync(path.join(directory, file), 'utf8'));
        const backend = new OpenAPIBackend({
          definition,
          apiRoot,
          // The published v1 file has `$ref` siblings that a strict meta-schema check rejects;
          // the operations and schemas themselves are what we validate against.
          quick: true,
          validate: true,
          ajvOpts: { strict: false, logger: false },
          customizeAjv: (ajv) => {
            addFormats(ajv);
            ajv.addFormat('datetime', true); // v1 spells `date-time` this way in places
            return ajv;
          },
        });
        await backend.init();
        return [name, backend] as const;
      }),
    );
    return new AirflowContract(Object.fromEntries(entries) as Record<SpecName, OpenAPIBackend>);
  }

  /** The spec's operationId for a method and full path, or `undefined` when the spec has no such route. */
  operationId(method: string, requestPath: string): string | undefined {
    const spec = specForPath(requestPath);
    if (!spec) return undefined;
    return this.backends[spec].matchOperation(toOpenApiRequest({ method, path: requestPath }))?.operationId;
  }

  /**
   * Every media type the operation's responses declare (`application/json`, `text/plain`…), of any
   * status; `undefined` when the spec has no such route.
   */
  responseMediaTypes(method: string, requestPath: string): string[] | undefined {
    const spec = specForPath(requestPath);
    if (!spec) return undefined;
    const operation = this.backends[spec].matchOperation(toOpenApiRequest({ method, path: requestPath }));
    if (!operation) return undefined;
    const types = new Set<string>();
    for (const response of Object.values(operation.responses ?? {})) {
      for (const type of Object.keys(('content' in response ? response.content : undefined) ?? {})) types.add(type);
    }
    return [...types];
  }

  /** Everything the spec finds wrong with a request; empty when it is valid. */
  requestErrors(request: WireRequest): string[] {
    const spec = specForPath(request.path);
    if (!spec) return [`${request.method} ${request.path}: no Airflow spec serves this path`];
    const backend = this.backends[spec];
    const req = toOpenApiRequest(request);
    const operation = backend.matchOperation(req);
    if (!operation) return [`${request.method} ${request.path}: the ${spec} spec has no such route`];
    const result = backend.validateRequest(req, operation);
    return (result.errors ?? []).map(
      (e) => `${request.method} ${request.path} (${operation.operationId}): ${e.instancePath} ${e.message}`,
    );
  }

  /** Everything the spec finds wrong with a response body for that request and status. */
  responseErrors(request: WireRequest, status: number, body: unknown): string[] {
    const spec = specForPath(request.path);
    if (!spec) return [`${request.method} ${request.path}: no Airflow spec serves this path`];
    const backend = this.backends[spec];
    const operation = backend.matchOperation(toOpenApiRequest(request));
    if (!operation) return [`${request.method} ${request.path}: the ${spec} spec has no such route`];
    const declared = Object.keys(operation.responses ?? {});
    if (!declared.includes(String(status)) && !declared.includes('default')) {
      return [`${operation.operationId}: the spec declares no ${status} response (it has ${declared.join(', ')})`];
    }
    const result = backend.validateResponse(body, operation, status);
    return (result.errors ?? []).map(
      (e) => `${operation.operationId} ${status} response: ${e.instancePath || '/'} ${e.message}`,
    );
  }

  /** Throws with every error, for use inside a test server or an assertion. */
  assertRequest(request: WireRequest): void {
    const errors = this.requestErrors(request);
    if (errors.length > 0) throw new Error(`Request breaks the Airflow API contract:\n${errors.join('\n')}`);
  }

  assertResponse(request: WireRequest, status: number, body: unknown): void {
    const errors = this.responseErrors(request, status, body);
    if (errors.length > 0) throw new Error(`Response breaks the Airflow API contract:\n${errors.join('\n')}`);
  }
}

function toOpenApiRequest(request: WireRequest): OpenApiRequest {
  const headers: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(request.headers ?? {})) {
    if (value !== undefined) headers[key.toLowerCase()] = value;
  }
  return {
    method: request.method.toLowerCase(),
    path: request.path,
    query: request.query ?? {},
    headers,
    body: request.body,
  };
}
