import type { Clock } from '../../../clock';
import type { MwaaDeployment } from '../../../config/types';
import { BotError } from '../../../errors';
import { DEFAULT_TOKEN_TTL_MS, TOKEN_EXPIRY_MARGIN_MS, usableUntil } from '../../authenticator';
import type { ObtainedGrant } from '../cached-grant';

/** The login route of MWAA's web server: Airflow 2 serves it as a Flask view, Airflow 3 as a plugin. */
export function loginPath(dialect: 'v1' | 'v2'): string {
  return dialect === 'v1' ? 'aws_mwaa/login' : 'pluginsv2/aws_mwaa/login';
}

/** The cookie the login sets: Flask's `session` on Airflow 2, the `_token` JWT on Airflow 3. */
const SESSION_COOKIE = { v1: 'session', v2: '_token' } as const;

export interface LoginOptions {
  fetch: typeof fetch;
  clock: Clock;
  timeoutMs: number;
  userAgent: string;
}

/**
 * Posts a web login token to the web server's login route (a form field `token`) and turns the
 * cookie it sets into request headers: the session cookie itself on Airflow 2, the `_token` JWT as
 * a bearer token on Airflow 3. Redirects are not followed: the login redirects to the UI with the
 * cookie when it succeeds, and to a sign-in page without one when it does not.
 *
 * @throws `BotError('unauthorized', '<name>: MWAA login refused …')` when no session cookie comes back.
 */
export async function loginToWebServer(deployment: MwaaDeployment, webToken: string, options: LoginOptions): Promise<ObtainedGrant> {
  const url = `${deployment.apiUrl}/${loginPath(deployment.dialect)}`;
  let response: Response;
  try {
    response = await options.fetch(url, {
      method: 'POST',
      body: new URLSearchParams({ token: webToken }),
      redirect: 'manual',
      headers: { 'user-agent': options.userAgent },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new BotError('unavailable', `${deployment.name}: could not reach the MWAA web server at ${url}`, {
      cause: error,
      details: { deployment: deployment.name, url },
    });
  }
  // The page itself is of no use; reading it frees the connection.
  await response.text().catch(() => undefined);
  const cookieName = SESSION_COOKIE[deployment.dialect];
  const now = options.clock();
  const cookie = findCookie(response.headers.getSetCookie(), cookieName, now);
  if (!cookie) throw refused(deployment, url, response);

  if (deployment.dialect === 'v2') {
    return { headers: { authorization: `Bearer ${cookie.value}` }, usableUntil: usableUntil(cookie.value, now) };
  }
  const expiry = cookie.expiresAt;
  const until = expiry === undefined ? now + DEFAULT_TOKEN_TTL_MS : Math.max(now, expiry - TOKEN_EXPIRY_MARGIN_MS);
  return { headers: { cookie: `${cookieName}=${cookie.value}` }, usableUntil: until };
}

function refused(deployment: MwaaDeployment, url: string, response: Response): BotError {
  const location = response.headers.get('location');
  const why =
    response.status >= 300 && response.status < 400
      ? `it redirected to ${location ?? 'another page'} without a session`
      : `it answered HTTP ${response.status} without a session`;
  return new BotError(
    'unauthorized',
    `${deployment.name}: MWAA login refused at ${url}: ${why}. Check that the function's IAM role maps to an Airflow role of environment "${deployment.environmentName}"`,
    { details: { deployment: deployment.name, url, status: response.status } },
  );
}

interface Cookie {
  value: string;
  expiresAt?: number;
}

/** The named cookie from `Set-Cookie` headers, with its expiry (`Max-Age` wins over `Expires`). */
function findCookie(setCookies: string[], name: string, now: number): Cookie | undefined {
  for (const header of setCookies) {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const equals = pair.indexOf('=');
    if (equals < 0 || pair.slice(0, equals) !== name) continue;
    const value = pair.slice(equals + 1);
    if (value === '') continue;
    return { value, ...cookieExpiry(attributes, now) };
  }
  return undefined;
}

function cookieExpiry(attributes: string[], now: number): { expiresAt?: number } {
  const attribute = (key: string) =>
    attributes.find((part) => part.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
  const maxAge = attribute('max-age');
  if (maxAge !== undefined && Number.isFinite(Number(maxAge))) return { expiresAt: now + Number(maxAge) * 1000 };
  const expires = Date.parse(attribute('expires') ?? '');
  return Number.isNaN(expires) ? {} : { expiresAt: expires };
}
