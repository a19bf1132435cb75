import { sign } from 'node:crypto';
import type { ServiceAccountKey } from '../../../credentials/types';

/** Lets the token reach every Google API the service account is granted, Composer's web server among them. */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
/** The longest lifetime Google accepts for an assertion. */
const ASSERTION_LIFETIME_S = 3600;

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * The signed JWT of the JWT bearer grant (RFC 7523) for a service-account key: RS256, issued by
 * the key's client email, for the cloud-platform scope, addressed to the key's token endpoint.
 *
 * @throws the crypto error when the private key is not a usable RSA key; the caller words it.
 */
export function serviceAccountAssertion(key: ServiceAccountKey, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const header = { alg: 'RS256', typ: 'JWT', ...(key.privateKeyId ? { kid: key.privateKeyId } : {}) };
  const claims = { iss: key.clientEmail, scope: CLOUD_PLATFORM_SCOPE, aud: key.tokenUri, iat, exp: iat + ASSERTION_LIFETIME_S };
  const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = sign('RSA-SHA256', Buffer.from(unsigned), key.privateKey);
  return `${unsigned}.${base64url(signature)}`;
}
