import { timingSafeEqual } from 'node:crypto';

/** The demo's one user. */
export interface DemoUser {
  username: string;
  password: string;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** True when two credentials match, compared in constant time. */
export function credentialsMatch(user: DemoUser, username: string, password: string): boolean {
  // Both comparisons always run, so timing does not tell which one failed.
  const nameOk = sameText(user.username, username);
  const passwordOk = sameText(user.password, password);
  return nameOk && passwordOk;
}

/** True when an `Authorization: Basic …` header carries the user's credentials. */
export function basicAuthMatches(header: string | undefined, user: DemoUser): boolean {
  const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!encoded) return false;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  return credentialsMatch(user, decoded.slice(0, colon), decoded.slice(colon + 1));
}
