/**
 * A managed platform's front door, on loopback: it answers its own routes (a login, a token
 * endpoint, a core API), checks the caller's platform credentials on everything else, and forwards
 * what passes to a demo Airflow with the demo's own credentials. The bot cannot tell it from the
 * real gateway, and the demo Airflow behind it stays unchanged.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoAirflow } from '../demo-airflow/server';
import { readRequestBody } from '../read-request-body';

/** One request as the gateway received it. */
export interface GatewayRequest {
  method: string;
  /** The path from the host root, still percent-encoded, without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw body text. */
  text: string;
}

export interface GatewayReply {
  status: number;
  headers?: Record<string, string | string[]>;
  json?: unknown;
  text?: string;
}

/** One exchange forwarded to Airflow or answered by the gateway's own routes, for tests to check. */
export interface GatewayExchange {
  request: GatewayRequest;
  status: number;
  /** The parsed JSON answer, or the text when it is not JSON. */
  body: unknown;
  /** `airflow` when forwarded to the demo Airflow; `platform` when the gateway answered. */
  via: 'airflow' | 'platform';
}

/** Calls the demo Airflow behind the gateway with the demo's credentials. */
export type AirflowCall = (method: string, path: string, json?: unknown) => Promise<{ status: number; body: unknown }>;

export interface GatewayOptions {
  airflow: DemoAirflow;
  /** The gateway's own routes; `undefined` passes the request on. */
  route(request: GatewayRequest, airflow: AirflowCall): GatewayReply | undefined | Promise<GatewayReply | undefined>;
  /** Whether the caller's platform credentials are good; `false` answers 401. */
  accepts(request: GatewayRequest): boolean;
  /** Sees every exchange (tests check them against the API contracts). */
  observe?: (exchange: GatewayExchange) => void;
  port?: number;
}

export interface Gateway {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const DEMO_USER = { username: 'admin', password: 'admin' };

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const upstream = createUpstreamAuth(options.airflow);
  const callAirflow: AirflowCall = async (method, path, json) => {
    const headers = { 'content-type': 'application/json' };
    const reply = await forward(
      options.airflow.url,
      { method, path, query: new URLSearchParams(), headers, text: json === undefined ? '' : JSON.stringify(json) },
      upstream,
    );
    return { status: reply.status, body: parseJson(reply.text) };
  };
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const url = new URL(incoming.url ?? '/', 'http://gateway.invalid');
      const request: GatewayRequest = {
        method: (incoming.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        text: (await readRequestBody(incoming)).toString('utf8'),
      };
      let reply: GatewayReply;
      let via: GatewayExchange['via'] = 'platform';
      try {
        const own = await options.route(request, callAirflow);
        if (own) reply = own;
        else if (!options.accepts(request)) reply = { status: 401, json: { detail: 'Not authenticated' } };
        else {
          via = 'airflow';
          reply = await forward(options.airflow.url, request, upstream);
        }
      } catch (error) {
        reply = { status: 500, json: { detail: `Gateway stand-in error: ${error instanceof Error ? error.message : String(error)}` } };
      }
      const payload = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
      const headers: Record<string, string | string[]> = { ...reply.headers };
      if (reply.json !== undefined) headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
      outgoing.writeHead(reply.status, headers);
      outgoing.end(payload);
      options.observe?.({ request, status: reply.status, body: reply.json ?? parseJson(reply.text), via });
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The demo Airflow's own credentials: basic auth on Airflow 2, a JWT from `/auth/token` on Airflow 3. */
interface UpstreamAuth {
  header(): Promise<string>;
  forget(): void;
}

function createUpstreamAuth(airflow: DemoAirflow): UpstreamAuth {
  if (airflow.dialect === 'v1') {
    const basic = `Basic ${Buffer.from(`${DEMO_USER.username}:${DEMO_USER.password}`).toString('base64')}`;
    return { header: () => Promise.resolve(basic), forget: () => undefined };
  }
  let token: Promise<string> | undefined;
  return {
    header() {
      token ??= fetch(`${airflow.url}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(DEMO_USER),
      })
        .then((response) => response.json() as Promise<{ access_token: string }>)
        .then((body) => `Bearer ${body.access_token}`)
        .catch((error: unknown) => {
          token = undefined;
          throw error;
        });
      return token;
    },
    forget() {
      token = undefined;
    },
  };
}

async function forward(base: string, request: GatewayRequest, upstream: UpstreamAuth): Promise<GatewayReply> {
  const send = async () => {
    const query = request.query.toString();
    const headers: Record<string, string> = { authorization: await upstream.header(), accept: 'application/json' };
    if (request.headers['content-type']) headers['content-type'] = request.headers['content-type'];
    return fetch(`${base}${request.path}${query ? `?${query}` : ''}`, {
      method: request.method,
      headers,
      body: request.method === 'GET' || request.method === 'HEAD' || request.text === '' ? undefined : request.text,
    });
  };
  let response = await send();
  if (response.status === 401) {
    upstream.forget();
    response = await send();
  }
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? 'application/json';
  return { status: response.status, headers: { 'content-type': contentType }, text };
}
