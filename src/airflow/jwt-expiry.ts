/**
 * The `exp` claim of a JWT in epoch milliseconds, or `undefined` when the token is not a JWT or has
 * no expiry. The signature is not checked: the bot only needs to know when to fetch a new token,
 * and Airflow checks the signature itself.
 */
export function jwtExpiryMs(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof payload !== 'object' || payload === null || !('exp' in payload)) return undefined;
  const exp = payload.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}
