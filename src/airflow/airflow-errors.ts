import { isHTTPError, isNetworkError, isTimeoutError } from 'ky';
import { BotError, isBotError, type BotErrorKind } from '../errors';
import { errorDetail } from './error-detail';

/** One request as error messages and log lines describe it. */
export interface RequestDescription {
  deploymentName: string;
  /** What the request is about, as a user would say it: `task instance etl / scheduled__… / load`. */
  subject: string;
  method: string;
  /** The full URL; user info, if any, is removed before it is kept. */
  url: string;
  timeoutMs: number;
  /** The route's own wording of some refusals (see `StatusMessages`). */
  refusals?: StatusMessages;
}

/**
 * A route's own wording of refusals whose status means something specific there (on the
 * human-in-the-loop answer, 409 is "already answered"), by HTTP status. Each is given Airflow's
 * detail (one line, or `undefined`) and returns the whole user message, naming the deployment,
 * or `undefined` to keep the generic message. The kind stays the status's kind.
 */
export type StatusMessages = Partial<Record<number, (detail: string | undefined) => string | undefined>>;

/**
 * Translates whatever a request threw (ky's `HTTPError`, `TimeoutError`, `NetworkError`, or
 * anything else) into the one `BotError`, with a one-line message naming the deployment and the
 * object, and the method, URL and status kept in `details`.
 */
export function requestError(request: RequestDescription, error: unknown): BotError {
  if (isBotError(error)) return error;
  if (isHTTPError(error)) {
    return statusError(request, error.response.status, error.data, error.response.headers.get('content-type'), error);
  }
  if (isTimeoutError(error)) {
    return new BotError(
      'timeout',
      `${request.deploymentName}: Airflow did not answer within ${seconds(request.timeoutMs)} for ${request.subject}`,
      { cause: error, details: baseDetails(request) },
    );
  }
  if (isNetworkError(error)) {
    const code = errorCode(error.cause);
    return new BotError(
      'unavailable',
      `${request.deploymentName}: could not reach Airflow at ${origin(request.url)} for ${request.subject}` +
        (code ? ` (${code})` : ''),
      { cause: error, details: { ...baseDetails(request), ...(code ? { code } : {}) } },
    );
  }
  return new BotError(
    'unavailable',
    `${request.deploymentName}: the answer from Airflow for ${request.subject} was cut off or could not be read`,
    { cause: error, details: baseDetails(request) },
  );
}

/** A non-2xx answer. `body` is the parsed JSON, the text, or `undefined` when empty or unreadable. */
export function statusError(
  request: RequestDescription,
  status: number,
  body: unknown,
  contentType: string | null,
  cause?: unknown,
): BotError {
  const { deploymentName: name, subject } = request;
  const html = isHtml(body, contentType);
  const detail = html ? undefined : errorDetail(body);
  const quoted = detail ? `: ${detail}` : '';
  const kind = kindForStatus(status);
  const details = { ...baseDetails(request), status, ...(detail ? { detail } : {}) };
  const own = html ? undefined : request.refusals?.[status]?.(detail);
  if (own !== undefined) return new BotError(kind, own, { cause, details });
  const messages: Record<StatusKind, string> = {
    not_found: `${name}: ${subject} not found${quoted}`,
    unauthorized: `${name}: Airflow rejected the bot's credentials for ${subject}${quoted}`,
    forbidden: `${name}: the bot's Airflow user may not access ${subject}${quoted}`,
    conflict: `${name}: conflict on ${subject}${quoted}`,
    invalid: `${name}: Airflow rejected the request for ${subject} (HTTP ${status})${quoted}`,
    unavailable:
      status === 429
        ? `${name}: Airflow is rate limiting the bot (HTTP 429) for ${subject}`
        : html
          ? `${name}: Airflow answered HTTP ${status} with an HTML page for ${subject} (a proxy or gateway in front of Airflow?)`
          : body === undefined || body === ''
            ? `${name}: Airflow answered HTTP ${status} with an empty or unreadable body for ${subject}`
            : `${name}: Airflow answered HTTP ${status} for ${subject}${quoted}`,
  };
  return new BotError(kind, messages[kind], { cause, details });
}

/** A 2xx answer whose body is not what the route promises. */
export function payloadError(request: RequestDescription, problem: string, cause?: unknown): BotError {
  return new BotError('unavailable', `${request.deploymentName}: Airflow's answer for ${request.subject} ${problem}`, {
    cause,
    details: baseDetails(request),
  });
}

type StatusKind = Extract<BotErrorKind, 'not_found' | 'unauthorized' | 'forbidden' | 'conflict' | 'invalid' | 'unavailable'>;

function kindForStatus(status: number): StatusKind {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 429:
      return 'unavailable';
    default:
      return status >= 400 && status < 500 ? 'invalid' : 'unavailable';
  }
}

function isHtml(body: unknown, contentType: string | null): boolean {
  if (contentType?.toLowerCase().includes('html')) return true;
  return typeof body === 'string' && body.trimStart().startsWith('<');
}

function baseDetails(request: RequestDescription): Record<string, unknown> {
  return { deployment: request.deploymentName, method: request.method, url: withoutUserInfo(request.url) };
}

function withoutUserInfo(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'its API URL';
  }
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/** The system error code (`ECONNREFUSED`…) somewhere down a fetch failure's cause chain. */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    if ('code' in current && typeof current.code === 'string') return current.code;
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}
