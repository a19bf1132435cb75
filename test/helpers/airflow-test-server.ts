/**
 * A scriptable Airflow API on 127.0.0.1 for client tests. Each test scripts the routes it needs;
 * the server checks every request it receives against the official OpenAPI files, and every JSON
 * body it sends back against the declared response of that status, and records what breaks the
 * contract in `violations`. A test file asserts that list stays empty, so a request the real
 * Airflow API would reject fails a test.
 *
 * Like a strict server (an OpenAPI mock of the official spec), it answers 406 to a request whose
 * `Accept` admits none of the media types the operation's responses declare.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Negotiator from 'negotiator';
import type { AirflowContract, WireRequest } from './airflow-contract';

export interface ReceivedRequest {
  method: string;
  /** The path as sent, still percent-encoded. */
  rawPath: string;
  /** The route template it matched, such as `/api/v1/dags/{dag_id}/dagRuns`; undefined when none did. */
  route?: string;
  /** Path parameters of the matched route, decoded. */
  params: Record<string, string>;
  /** Query parameters; repeated keys become arrays. */
  query: Record<string, string | string[]>;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body, or undefined. */
  body: unknown;
}

/** What a route answers. */
export type Reply =
  /** JSON, checked against the spec's response for this status. */
  | { status: number; json: unknown; contentType?: string; headers?: Record<string, string> }
  /**
   * Bytes sent as they are and not checked: what a proxy, a gateway or a broken server sends.
   * `why` says why the contract does not apply.
   */
  | { status: number; raw: string; contentType?: string; headers?: Record<string, string>; why: string }
  /** Headers promising more body than is sent, then the connection is cut. */
  | { status: number; cutShort: string; contentType?: string }
  /** Never answers (until the server closes). */
  | { hang: true };

export type RouteHandler = (request: ReceivedRequest) => Reply | Promise<Reply>;

interface Route {
  method: string;
  template: string;
  segments: string[];
  handler: RouteHandler;
}

export class AirflowTestServer {
  readonly received: ReceivedRequest[] = [];
  readonly violations: string[] = [];
  private routes: Route[] = [];

  private readonly server: http.Server;
  private baseUrl = '';

  private constructor(private readonly contract: AirflowContract) {
    this.server = http.createServer((req, res) => {
      void this.handle(req, res);
    });
  }

  /** Starts on a free loopback port. */
  static async start(contract: AirflowContract): Promise<AirflowTestServer> {
    const instance = new AirflowTestServer(contract);
    await new Promise<void>((resolve) => instance.server.listen(0, '127.0.0.1', resolve));
    const { port } = instance.server.address() as AddressInfo;
    instance.baseUrl = `http://127.0.0.1:${port}`;
    return instance;
  }

  /** `http://127.0.0.1:<port>`: the deployment's API URL. */
  get url(): string {
    return this.baseUrl;
  }

  /** Scripts a route; `template` is a full path with `{param}` segments. A later call for the same route replaces it. */
  on(method: string, template: string, handler: RouteHandler): this {
    this.routes = this.routes.filter((route) => !(route.method === method && route.template === template));
    this.routes.push({ method, template, segments: template.split('/'), handler });
    return this;
  }

  /** Requests received for a route template (or for any route when absent). */
  requestsTo(method: string, template?: string): ReceivedRequest[] {
    return this.received.filter((r) => r.method === method && (template === undefined || r.route === template));
  }

  hits(method: string, template?: string): number {
    return this.requestsTo(method, template).length;
  }

  /** Forgets routes, requests and violations (between tests). */
  reset(): void {
    this.routes = [];
    this.received.length = 0;
    this.violations.length = 0;
  }

  /**
   * For `afterEach`: throws with every contract violation of the test that just ran (failing it),
   * after resetting the server for the next test.
   */
  endTest(): void {
    const violations = [...this.violations];
    this.reset();
    if (violations.length > 0) throw new Error(`The Airflow API contract was broken:\n${violations.join('\n')}`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rawBody = await readBody(req);
    const received: ReceivedRequest = {
      method: req.method ?? 'GET',
      rawPath: url.pathname,
      params: {},
      query: queryOf(url.searchParams),
      headers: req.headers,
      body: undefined,
    };
    if (rawBody !== '') {
      try {
        received.body = JSON.parse(rawBody);
      } catch {
        this.violations.push(`${received.method} ${received.rawPath}: the request body is not JSON`);
      }
    }
    const wire: WireRequest = {
      method: received.method,
      path: received.rawPath,
      query: received.query,
      headers: req.headers,
      body: received.body,
    };
    this.violations.push(...this.requestErrors(wire));
    const refusal = this.notAcceptable(received.method, received.rawPath, req.headers.accept);
    if (refusal !== undefined) {
      this.received.push(received);
      this.violations.push(refusal);
      send(res, 406, JSON.stringify({ detail: 'Not Acceptable' }), 'application/json');
      return;
    }

    const match = this.match(received.method, received.rawPath);
    if (match) {
      received.route = match.route.template;
      received.params = match.params;
    }
    this.received.push(received);
    if (!match) {
      // What an Airflow server says about a route it does not have; not part of any operation's contract.
      send(res, 404, JSON.stringify({ detail: 'Not Found' }), 'application/json');
      return;
    }

    let reply: Reply;
    try {
      reply = await match.route.handler(received);
    } catch (error) {
      this.violations.push(`${received.method} ${received.rawPath}: the test handler threw ${String(error)}`);
      send(res, 500, 'handler failed', 'text/plain');
      return;
    }
    if ('hang' in reply) return;
    if ('cutShort' in reply) {
      res.writeHead(reply.status, {
        'content-type': reply.contentType ?? 'application/json',
        'content-length': String(Buffer.byteLength(reply.cutShort) + 1000),
      });
      res.write(reply.cutShort, () => res.socket?.destroy());
      return;
    }
    if ('raw' in reply) {
      send(res, reply.status, reply.raw, reply.contentType ?? 'text/plain', reply.headers);
      return;
    }
    this.violations.push(...this.contract.responseErrors(wire, reply.status, reply.json));
    send(res, reply.status, JSON.stringify(reply.json), reply.contentType ?? 'application/json', reply.headers);
  }

  /**
   * On the wire `update_mask=note` is both a one-item array and a string (form style, exploded),
   * but a spec with `anyOf: [array, null]` only sees the string. A key reported as "must be array"
   * is checked again as a one-item array, as Airflow's server reads it.
   */
  private requestErrors(wire: WireRequest): string[] {
    const errors = this.contract.requestErrors(wire);
    const query = wire.query ?? {};
    const single = Object.keys(query).filter(
      (key) => typeof query[key] === 'string' && errors.some((e) => e.includes(`/query/${key} must be array`)),
    );
    if (single.length === 0) return errors;
    const asArrays = Object.fromEntries(single.map((key) => [key, [String(query[key])]]));
    return this.contract.requestErrors({ ...wire, query: { ...query, ...asArrays } });
  }

  /** Why a strict server would refuse the request with 406, or `undefined` when its `Accept` fits the operation. */
  private notAcceptable(method: string, rawPath: string, accept: string | undefined): string | undefined {
    const declared = this.contract.responseMediaTypes(method, rawPath);
    if (declared === undefined || declared.length === 0) return undefined;
    if (new Negotiator({ headers: { accept } }).mediaType(declared) !== undefined) return undefined;
    return `${method} ${rawPath}: 406, Accept "${accept ?? ''}" admits none of ${declared.join(', ')}`;
  }

  /** The route with the most literal segments wins, so `/{task_id}/dry_run` beats `/{task_id}/{map_index}`. */
  private match(method: string, rawPath: string): { route: Route; params: Record<string, string> } | undefined {
    const segments = rawPath.split('/');
    let best: { route: Route; params: Record<string, string>; literals: number } | undefined;
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let matches = true;
      route.segments.forEach((part, index) => {
        const actual = segments[index] ?? '';
        if (part.startsWith('{') && part.endsWith('}')) params[part.slice(1, -1)] = decodeURIComponent(actual);
        else if (part === actual) literals += 1;
        else matches = false;
      });
      if (matches && (!best || literals > best.literals)) best = { route, params, literals };
    }
    return best && { route: best.route, params: best.params };
  }
}

function send(
  res: http.ServerResponse,
  status: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': contentType, ...headers });
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function queryOf(search: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    query[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return query;
}
