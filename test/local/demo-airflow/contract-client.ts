/**
 * A plain-`fetch` client for the demo Airflow that checks every exchange against the official
 * OpenAPI files: the request must be one the spec accepts (unless the test sends a bad one on
 * purpose), and the JSON body must match the spec's schema for the status.
 *
 * Airflow answers some errors with a status its spec does not list for that route (a v1 400 from
 * request validation, a v2 406 for `Accept: text/plain`). For those, the body is checked against
 * the dialect's own error schema through a route that does list the status, and the exchange is
 * recorded in `undeclared`, so tests can state exactly which ones occur.
 */
import type { AirflowContract, WireRequest } from '../../helpers/airflow-contract';

export interface CallOptions {
  query?: Record<string, string | string[]>;
  body?: unknown;
  /** Send the body form-encoded instead of JSON. */
  form?: boolean;
  headers?: Record<string, string>;
  /** Leave out the default credentials. */
  anonymous?: boolean;
  /** The test sends a request the spec rejects, on purpose: expect `requestErrors` to be non-empty. */
  invalidRequest?: boolean;
  /** Skip the contract (for paths of the other dialect, which this server does not serve). */
  unchecked?: boolean;
}

export interface Exchange {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON. */
  body: unknown;
  text: string;
}

/** Routes that declare each error status with the dialect's error schema, to check undeclared ones against. */
const ERROR_SHAPE_ROUTES: Record<'v1' | 'v2', { method: string; path: string; statuses: number[] }[]> = {
  v1: [{ method: 'PATCH', path: '/api/v1/dags/d/dagRuns/r/taskInstances/t/setNote', statuses: [400, 401, 403, 404] }],
  v2: [
    { method: 'PATCH', path: '/api/v2/dags/d/dagRuns/r/taskInstances/t', statuses: [400, 401, 403, 404, 409, 422] },
    { method: 'GET', path: '/api/v2/dagSources/d', statuses: [406] },
  ],
};

export class ContractClient {
  /** Every exchange whose status the spec does not list for its route: `METHOD path-template status`. */
  readonly undeclared: string[] = [];

  constructor(
    readonly baseUrl: string,
    private readonly contract: AirflowContract,
    private readonly dialect: 'v1' | 'v2',
    private readonly credentials: () => Record<string, string>,
  ) {}

  async call(method: string, path: string, options: CallOptions = {}): Promise<Exchange> {
    const headers: Record<string, string> = {
      ...(options.anonymous ? {} : this.credentials()),
      ...options.headers,
    };
    let payload: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] ??= options.form ? 'application/x-www-form-urlencoded' : 'application/json';
      payload = options.form
        ? new URLSearchParams(options.body as Record<string, string>).toString()
        : JSON.stringify(options.body);
    }
    const wire: WireRequest = { method, path: path.split('/').map(decodeURIComponent).join('/'), query: options.query ?? {}, headers, body: options.body };
    if (!options.unchecked) {
      const requestErrors = this.contract.requestErrors(wire);
      if (options.invalidRequest) {
        if (requestErrors.length === 0) throw new Error(`${method} ${path}: expected the spec to reject this request`);
      } else if (requestErrors.length > 0) {
        throw new Error(`Test request breaks the contract:\n${requestErrors.join('\n')}`);
      }
    }
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, item);
    }
    const response = await fetch(url, { method, headers, body: payload });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    const isJson = /json/.test(contentType) && !contentType.includes('ndjson') && text !== '';
    const body: unknown = isJson ? JSON.parse(text) : text;
    if (!options.unchecked && isJson) {
      this.checkResponse(wire, response.status, body);
    }
    return { status: response.status, headers: response.headers, body, text };
  }

  private checkResponse(wire: WireRequest, status: number, body: unknown): void {
    let errors = this.contract.responseErrors(wire, status, body);
    if (errors.length === 1 && /declares no \d+ response/.test(errors[0] ?? '')) {
      const stand = ERROR_SHAPE_ROUTES[this.dialect].find((r) => r.statuses.includes(status));
      if (!stand) throw new Error(errors[0]);
      this.undeclared.push(`${wire.method} ${this.contract.operationId(wire.method, wire.path) ?? wire.path} ${status}`);
      errors = this.contract.responseErrors({ method: stand.method, path: stand.path }, status, body);
    }
    if (errors.length > 0) throw new Error(`Demo response breaks the contract:\n${errors.join('\n')}\n${JSON.stringify(body).slice(0, 500)}`);
  }
}

/** `Authorization: Basic …` for a v1 demo. */
export function basicAuth(username = 'admin', password = 'admin'): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
}

/** Percent-encodes one path segment (run ids hold `:` and `+`). */
export const seg = encodeURIComponent;
