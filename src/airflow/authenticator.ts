import type { Clock } from '../clock';
import type { AuthKind, DeploymentConfig } from '../config/types';
import type { AirflowCredentialProvider, AirflowCredentials } from '../credentials/types';
import { BotError, isBotError } from '../errors';
import type { HttpTransport } from './http-transport';
import { jwtExpiryMs } from './jwt-expiry';

/** Credentials as headers, tagged with the generation they belong to. */
export interface AuthGrant {
  headers: Record<string, string>;
  generation: number;
}

/** Adds credentials to requests and renews them after a 401. */
export interface Authenticator {
  current(): Promise<AuthGrant>;
  /**
   * Called after a 401 answered a request sent with `grant`. Renews once per generation: when 20
   * requests fail together they share one renewal, and a late 401 for an old grant renews nothing.
   */
  renew(grant: AuthGrant): Promise<void>;
}

/** A token is used until this long before its `exp`, so it never expires on the way to Airflow. */
export const TOKEN_EXPIRY_MARGIN_MS = 60_000;
/** How long a token without `exp` is kept. */
export const DEFAULT_TOKEN_TTL_MS = 10 * 60_000;

/**
 * Credentials read from the deployment's secret, by `auth`: static headers for `basic`/`bearer`, a
 * JWT exchange for `password`.
 */
export function createSecretAuthenticator(
  deployment: DeploymentConfig,
  auth: AuthKind,
  credentials: AirflowCredentialProvider,
  transport: HttpTransport,
  clock: Clock,
): Authenticator {
  return auth === 'password'
    ? createTokenAuthenticator(deployment, credentials, transport, clock)
    : createStaticAuthenticator(deployment, auth, credentials);
}

function secretDetails(deployment: DeploymentConfig): Record<string, string> {
  return deployment.platform === 'mwaa' ? { deployment: deployment.name } : { deployment: deployment.name, secretId: deployment.secretId };
}

/** `basic` and `bearer`: headers straight from the secret; a 401 re-reads the secret (it may have rotated). */
function createStaticAuthenticator(deployment: DeploymentConfig, auth: AuthKind, credentials: AirflowCredentialProvider): Authenticator {
  let generation = 0;
  let renewing: Promise<void> | undefined;
  return {
    async current() {
      const at = generation;
      const secret = await credentials.get(deployment);
      return { headers: { authorization: staticAuthorization(deployment, auth, secret) }, generation: at };
    },
    renew(grant) {
      if (grant.generation !== generation) return Promise.resolve();
      renewing ??= credentials
        .refresh(deployment)
        .then(() => {
          generation += 1;
        })
        .finally(() => {
          renewing = undefined;
        });
      return renewing;
    },
  };
}

function staticAuthorization(deployment: DeploymentConfig, auth: AuthKind, secret: AirflowCredentials): string {
  if (secret.kind === 'basic') {
    return `Basic ${Buffer.from(`${secret.username}:${secret.password}`, 'utf8').toString('base64')}`;
  }
  if (secret.kind === 'bearer') return `Bearer ${secret.token}`;
  throw new BotError(
    'credentials',
    `${deployment.name}: the secret holds a user name and password for a token exchange, but the deployment uses ${auth} auth`,
    { details: secretDetails(deployment) },
  );
}

interface CachedToken {
  value: string;
  /** Epoch ms after which the token is no longer sent. */
  usableUntil: number;
  generation: number;
}

/**
 * `password` (Airflow 3): user and password are exchanged at `POST /auth/token` for a JWT, kept
 * until shortly before its `exp`. One exchange runs at a time; everyone waiting shares it.
 */
function createTokenAuthenticator(
  deployment: DeploymentConfig,
  credentials: AirflowCredentialProvider,
  transport: HttpTransport,
  clock: Clock,
): Authenticator {
  let token: CachedToken | undefined;
  let exchanging: Promise<CachedToken> | undefined;
  let generation = 0;

  const fetchToken = (): Promise<CachedToken> => {
    exchanging ??= exchangeWithRetry(deployment, credentials, transport)
      .then((value) => {
        generation += 1;
        token = { value, usableUntil: usableUntil(value, clock()), generation };
        return token;
      })
      .finally(() => {
        exchanging = undefined;
      });
    return exchanging;
  };
  const grantOf = (cached: CachedToken): AuthGrant => ({
    headers: { authorization: `Bearer ${cached.value}` },
    generation: cached.generation,
  });

  return {
    async current() {
      if (token && clock() < token.usableUntil) return grantOf(token);
      return grantOf(await fetchToken());
    },
    async renew(grant) {
      if (token && token.generation !== grant.generation) return;
      token = undefined;
      await fetchToken();
    },
  };
}

/** A 401 at `/auth/token` may mean the password was rotated: read the secret again once. */
async function exchangeWithRetry(
  deployment: DeploymentConfig,
  credentials: AirflowCredentialProvider,
  transport: HttpTransport,
): Promise<string> {
  try {
    return await exchange(deployment, await credentials.get(deployment), transport);
  } catch (error) {
    if (!isBotError(error) || error.kind !== 'unauthorized') throw error;
    return exchange(deployment, await credentials.refresh(deployment), transport);
  }
}

async function exchange(
  deployment: DeploymentConfig,
  secret: AirflowCredentials,
  transport: HttpTransport,
): Promise<string> {
  if (secret.kind !== 'basic' && secret.kind !== 'password') {
    throw new BotError(
      'credentials',
      `${deployment.name}: the secret holds a bearer token, but the deployment uses password auth (user name and password)`,
      { details: secretDetails(deployment) },
    );
  }
  const body = await transport.send({
    method: 'POST',
    path: 'auth/token',
    json: { username: secret.username, password: secret.password },
    subject: 'a token from /auth/token',
  });
  const accessToken =
    typeof body === 'object' && body !== null && 'access_token' in body ? body.access_token : undefined;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new BotError('unavailable', `${deployment.name}: Airflow's answer at /auth/token has no access_token`, {
      details: { deployment: deployment.name },
    });
  }
  return accessToken;
}

/** When a token stops being sent: shortly before its `exp`, or after a default lifetime when it has none. */
export function usableUntil(value: string, now: number): number {
  const expiry = jwtExpiryMs(value);
  if (expiry === undefined) return now + DEFAULT_TOKEN_TTL_MS;
  // A token that lives less than the margin is still used, up to its real expiry.
  return expiry - TOKEN_EXPIRY_MARGIN_MS > now ? expiry - TOKEN_EXPIRY_MARGIN_MS : expiry;
}
