/**
 * The Astronomer core API contract the bot is held to: `astro-core-api.yaml` in this folder,
 * checked with openapi-backend, both ways (requests the bot sends, answers the stand-in gives).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import OpenAPIBackend from 'openapi-backend';
import { parse as parseYaml } from 'yaml';

export interface CoreApiExchange {
  method: string;
  /** From the host root: `/v1alpha1/organizations/…`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export class AstroCoreApiContract {
  private constructor(private readonly backend: OpenAPIBackend) {}

  static async load(): Promise<AstroCoreApiContract> {
    const definition = parseYaml(readFileSync(path.join(__dirname, 'astro-core-api.yaml'), 'utf8'));
    const backend = new OpenAPIBackend({ definition, apiRoot: '/v1alpha1', validate: true, ajvOpts: { strict: false } });
    await backend.init();
    return new AstroCoreApiContract(backend);
  }

  /** The operation a request matches, or `undefined`. */
  operationId(method: string, requestPath: string): string | undefined {
    return this.backend.matchOperation({ method: method.toLowerCase(), path: requestPath, headers: {} })?.operationId;
  }

  /** Everything wrong with a request and the answer to it; empty when both keep the contract. */
  errors(exchange: CoreApiExchange, status: number, answer: unknown): string[] {
    const request = {
      method: exchange.method.toLowerCase(),
      path: exchange.path,
      headers: Object.fromEntries(Object.entries(exchange.headers).filter((entry): entry is [string, string | string[]] => entry[1] !== undefined)),
      body: exchange.body,
    };
    const operation = this.backend.matchOperation(request);
    if (!operation) return [`${exchange.method} ${exchange.path}: no core API route`];
    const problems = (this.backend.validateRequest(request, operation).errors ?? []).map(
      (e) => `${operation.operationId} request: ${e.instancePath} ${e.message}`,
    );
    if (!/^bearer \S+$/i.test(String(request.headers.authorization ?? ''))) problems.push(`${operation.operationId}: no bearer token`);
    if (!Object.keys(operation.responses ?? {}).includes(String(status))) {
      problems.push(`${operation.operationId}: no ${status} response is declared`);
    } else {
      problems.push(
        ...(this.backend.validateResponse(answer, operation, status).errors ?? []).map(
          (e) => `${operation.operationId} ${status} response: ${e.instancePath || '/'} ${e.message}`,
        ),
      );
    }
    return problems;
  }
}
