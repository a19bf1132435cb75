/**
 * Amazon MWAA without an account: the `CreateWebLoginToken` API on its own loopback endpoint (set
 * `AWS_ENDPOINT_URL_MWAA` to it), and a web server in front of a demo Airflow whose login route
 * turns a web token into a session — a `session` cookie on Airflow 2, a `_token` JWT cookie on
 * Airflow 3 — as MWAA's does. Request signatures are not checked: nothing here is secret.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../src/clock';
import type { DemoAirflow } from '../demo-airflow/server';
import { startGateway, type GatewayExchange, type GatewayReply, type GatewayRequest } from './gateway';

export interface MwaaStandInOptions {
  airflow: DemoAirflow;
  environmentName: string;
  /** How long a session lasts. Default one hour. */
  sessionTtlMs?: number;
  clock?: Clock;
  observe?: (exchange: GatewayExchange) => void;
}

export interface MwaaStandIn {
  /** The AWS API endpoint, for `AWS_ENDPOINT_URL_MWAA`. */
  awsEndpoint: string;
  /** The web server's URL: the deployment's `apiUrl`. */
  webServerUrl: string;
  /** How many web login tokens and how many logins were handed out. */
  readonly counts: { webLoginTokens: number; logins: number };
  /** Forgets every session, as when they expire. */
  expireSessions(): void;
  /** `true`: the login route redirects to a sign-in page instead of opening a session. */
  refuseLogins(refuse: boolean): void;
  close(): Promise<void>;
}

const WEB_TOKEN_TTL_MS = 60_000;

export async function startMwaaStandIn(options: MwaaStandInOptions): Promise<MwaaStandIn> {
  const clock = options.clock ?? systemClock;
  const sessionTtlMs = options.sessionTtlMs ?? 3_600_000;
  const webTokens = new Map<string, number>();
  const sessions = new Set<string>();
  const counts = { webLoginTokens: 0, logins: 0 };
  let refusing = false;
  const v3 = options.airflow.dialect === 'v2';

  const api = createServer((request, response) => {
    const match = /^\/webtoken\/([^/]+)$/.exec(new URL(request.url ?? '/', 'http://aws.invalid').pathname);
    request.resume();
    const send = (status: number, body: unknown, errorType?: string) => {
      response.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'POST' || !match) return send(404, { message: 'Unknown operation' }, 'UnknownOperationException');
    if (decodeURIComponent(match[1] ?? '') !== options.environmentName) {
      return send(404, { message: `Environment ${match[1]} not found` }, 'ResourceNotFoundException');
    }
    const token = randomBytes(24).toString('base64url');
    webTokens.set(token, clock() + WEB_TOKEN_TTL_MS);
    counts.webLoginTokens += 1;
    send(200, { WebToken: token, WebServerHostname: host, IamIdentity: 'arn:aws:sts::000000000000:assumed-role/local/bot', AirflowIdentity: 'assumed-role/local' });
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  const awsEndpoint = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;

  const loginPath = v3 ? '/pluginsv2/aws_mwaa/login' : '/aws_mwaa/login';
  const login = (request: GatewayRequest): GatewayReply => {
    const token = new URLSearchParams(request.text).get('token') ?? '';
    const validUntil = webTokens.get(token);
    webTokens.delete(token);
    if (refusing || validUntil === undefined || validUntil < clock()) {
      return { status: 302, headers: { location: '/login/?next=%2Fhome' }, text: '' };
    }
    counts.logins += 1;
    const session = v3 ? sessionJwt(clock() + sessionTtlMs) : randomBytes(24).toString('base64url');
    sessions.add(session);
    const cookie = v3 ? `_token=${session}; Path=/; Secure; SameSite=Lax` : `session=${session}; Path=/; HttpOnly; Secure`;
    return { status: 302, headers: { location: '/home', 'set-cookie': cookie }, text: '' };
  };

  const gateway = await startGateway({
    airflow: options.airflow,
    route: (request) => (request.method === 'POST' && request.path === loginPath ? login(request) : undefined),
    accepts: (request) => {
      const presented = v3
        ? /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
        : /(?:^|;\s*)session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
      return presented !== undefined && sessions.has(presented);
    },
    ...(options.observe ? { observe: options.observe } : {}),
  });
  const host = new URL(gateway.url).host;

  return {
    awsEndpoint,
    webServerUrl: gateway.url,
    counts,
    expireSessions: () => sessions.clear(),
    refuseLogins: (refuse) => {
      refusing = refuse;
    },
    close: async () => {
      await gateway.close();
      await new Promise<void>((resolve) => {
        api.close(() => resolve());
        api.closeAllConnections();
      });
    },
  };
}

/** A JWT-shaped session token with an `exp`, so the bot can tell when to renew it. */
function sessionJwt(expiresAtMs: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'local-bot', exp: Math.floor(expiresAtMs / 1000), jti: randomBytes(8).toString('hex') })}.${randomBytes(16).toString('base64url')}`;
}
