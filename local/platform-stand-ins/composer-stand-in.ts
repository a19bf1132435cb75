/**
 * Google Cloud Composer without an account: a token endpoint that takes the JWT bearer grant of a
 * service-account key it generated (checking the assertion's RS256 signature), and a web server in
 * front of a demo Airflow that accepts only the access tokens it issued.
 */
import { generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';
import { systemClock, type Clock } from '../../src/clock';
import type { DemoAirflow } from '../demo-airflow/server';
import { startGateway, type GatewayExchange, type GatewayReply, type GatewayRequest } from './gateway';

export interface ComposerStandInOptions {
  airflow: DemoAirflow;
  /** Lifetime of access tokens. Default one hour, as Google's. */
  tokenTtlMs?: number;
  clock?: Clock;
  observe?: (exchange: GatewayExchange) => void;
}

export interface ComposerStandIn {
  /** The web server's URL: the deployment's `apiUrl`. */
  webServerUrl: string;
  /** A service-account key file pointing at this stand-in's token endpoint: the secret's content. */
  serviceAccountKey: Record<string, string>;
  readonly counts: { exchanges: number };
  /** From now on the key is refused with `invalid_grant`, as Google refuses a deleted key. */
  revokeKey(): void;
  /** Forgets every access token issued, as when they expire. */
  expireTokens(): void;
  close(): Promise<void>;
}

const TOKEN_PATH = '/token';
const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export async function startComposerStandIn(options: ComposerStandInOptions): Promise<ComposerStandIn> {
  const clock = options.clock ?? systemClock;
  const ttlMs = options.tokenTtlMs ?? 3_600_000;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyId = randomBytes(20).toString('hex');
  const tokens = new Map<string, number>();
  const counts = { exchanges: 0 };
  let revoked = false;

  const exchange = (request: GatewayRequest): GatewayReply => {
    const form = new URLSearchParams(request.text);
    if (form.get('grant_type') !== GRANT) return { status: 400, json: { error: 'unsupported_grant_type' } };
    if (revoked || !assertionValid(form.get('assertion') ?? '', publicKey, clock())) {
      return { status: 400, json: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } };
    }
    counts.exchanges += 1;
    const token = `ya29.local-${randomBytes(24).toString('base64url')}`;
    tokens.set(token, clock() + ttlMs);
    return { status: 200, json: { access_token: token, expires_in: Math.floor(ttlMs / 1000), token_type: 'Bearer' } };
  };

  const gateway = await startGateway({
    airflow: options.airflow,
    route: (request) => (request.method === 'POST' && request.path === TOKEN_PATH ? exchange(request) : undefined),
    accepts: (request) => {
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const until = token === undefined ? undefined : tokens.get(token);
      return until !== undefined && until > clock();
    },
    ...(options.observe ? { observe: options.observe } : {}),
  });

  return {
    webServerUrl: gateway.url,
    serviceAccountKey: {
      type: 'service_account',
      project_id: 'local-demo',
      private_key_id: keyId,
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: 'airflow-slack-ops@local-demo.iam.gserviceaccount.com',
      client_id: '100000000000000000000',
      token_uri: `${gateway.url}${TOKEN_PATH}`,
    },
    counts,
    revokeKey: () => {
      revoked = true;
    },
    expireTokens: () => tokens.clear(),
    close: () => gateway.close(),
  };
}

/** An RS256 JWT signed by the key, for the cloud-platform scope, not expired. */
function assertionValid(assertion: string, publicKey: KeyObject, nowMs: number): boolean {
  const [header, claims, signature] = assertion.split('.');
  if (!header || !claims || !signature) return false;
  if (!verify('RSA-SHA256', Buffer.from(`${header}.${claims}`), publicKey, Buffer.from(signature, 'base64url'))) return false;
  try {
    const body = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as { scope?: string; exp?: number };
    return (body.scope ?? '').split(' ').includes('https://www.googleapis.com/auth/cloud-platform') && (body.exp ?? 0) * 1000 > nowMs;
  } catch {
    return false;
  }
}
