import type { ComposerDeployment } from '../../../config/types';
import type { ServiceAccountKey } from '../../../credentials/types';
import { BotError } from '../../../errors';
import { TOKEN_EXPIRY_MARGIN_MS } from '../../authenticator';
import type { ObtainedGrant } from '../cached-grant';
import { serviceAccountAssertion } from './service-account-assertion';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface ExchangeOptions {
  fetch: typeof fetch;
  clock: () => number;
  timeoutMs: number;
  userAgent: string;
}

/** Why a key was refused, when it is the key's fault (and so worth reading the secret again). */
export class KeyRefusedError extends BotError {}

/**
 * Exchanges a service-account key for an OAuth 2 access token at the key's token endpoint (when
 * the deployment's `tokenUriOrigins` allow it), kept until shortly before `expires_in` runs out.
 *
 * @throws `BotError('credentials')` when the key's `token_uri` is not on an allowed origin; nothing is sent.
 *
 * @throws `KeyRefusedError` (`credentials`) when the endpoint refuses the key (`invalid_grant`,
 *   `invalid_client`, 401): deleted, disabled or revoked. The message names the deployment and the
 *   secret id, never the key.
 */
export async function exchangeServiceAccountKey(
  deployment: ComposerDeployment,
  key: ServiceAccountKey,
  options: ExchangeOptions,
): Promise<ObtainedGrant> {
  const details = { deployment: deployment.name, secretId: deployment.secretId };
  const tokenUri = allowedTokenUri(deployment, key.tokenUri);
  const now = options.clock();
  let assertion: string;
  try {
    assertion = serviceAccountAssertion(key, now);
  } catch (error) {
    throw new KeyRefusedError(
      'credentials',
      `${deployment.name}: the "private_key" of the service-account key in secret "${deployment.secretId}" is not a usable RSA private key`,
      { cause: error, details },
    );
  }
  let response: Response;
  try {
    response = await options.fetch(tokenUri, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }),
      // A redirect would carry the signed assertion to an origin nobody allowed.
      redirect: 'error',
      headers: { accept: 'application/json', 'user-agent': options.userAgent },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new BotError('unavailable', `${deployment.name}: could not reach Google's token endpoint ${tokenUri}`, { cause: error, details });
  }
  const body = await response.json().catch(() => undefined) as Record<string, unknown> | undefined;
  const oauthError = typeof body?.error === 'string' ? body.error : undefined;
  if (response.status === 401 || oauthError === 'invalid_grant' || oauthError === 'invalid_client' || oauthError === 'unauthorized_client') {
    throw new KeyRefusedError(
      'credentials',
      `${deployment.name}: Google refused the service-account key in secret "${deployment.secretId}" (${oauthError ?? `HTTP ${response.status}`}); it may have been deleted, disabled or revoked: put a current key in the secret`,
      { details: { ...details, status: response.status } },
    );
  }
  const accessToken = body?.access_token;
  if (!response.ok || typeof accessToken !== 'string' || accessToken === '') {
    throw new BotError(
      'unavailable',
      `${deployment.name}: Google's token endpoint answered HTTP ${response.status} without an access token`,
      { details: { ...details, status: response.status } },
    );
  }
  const expiresIn = typeof body?.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : 3600_000;
  // A token that lives less than the margin is still used, up to its real expiry.
  const lifetime = expiresIn > TOKEN_EXPIRY_MARGIN_MS ? expiresIn - TOKEN_EXPIRY_MARGIN_MS : expiresIn;
  return { headers: { authorization: `Bearer ${accessToken}` }, usableUntil: now + lifetime };
}

/**
 * The key's `token_uri`, when it is on one of the deployment's `tokenUriOrigins`: the signed
 * assertion is posted there, so a key pointing anywhere else (plain http, another host) is refused
 * before anything is signed or sent. The message names the field, not its value.
 *
 * @throws `BotError('credentials')` naming the deployment, the secret id and the allowed origins.
 */
export function allowedTokenUri(deployment: ComposerDeployment, tokenUri: string): string {
  const url = URL.canParse(tokenUri) ? new URL(tokenUri) : undefined;
  if (url && url.username === '' && url.password === '' && deployment.tokenUriOrigins.includes(url.origin)) return url.href;
  throw new BotError(
    'credentials',
    `${deployment.name}: the "token_uri" of the service-account key in secret "${deployment.secretId}" is not an allowed token endpoint: ` +
      `it must be on ${deployment.tokenUriOrigins.join(' or ')} (the deployment's tokenUriOrigins)`,
    { details: { deployment: deployment.name, secretId: deployment.secretId, field: 'token_uri' } },
  );
}
