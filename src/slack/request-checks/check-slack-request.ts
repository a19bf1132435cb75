import { readRequestFields } from './request-fields';
import { isAllowedResponseUrl } from '../../slack-replies/response-url-hosts';

/** How far a request's timestamp may be from now, either way: Slack's own five minutes. */
export const TIMESTAMP_WINDOW_MS = 5 * 60 * 1000;

/** Which requests the bot accepts, from its configuration. */
export interface SlackRequestPolicy {
  /** The workspaces accepted; `undefined` accepts any (local runs only: AWS requires the list). */
  teamIds?: readonly string[];
  /** The Enterprise Grid organizations accepted; a request naming any other is refused. */
  enterpriseIds?: readonly string[];
  /** Origins accepted as `response_url` besides Slack's hosts. */
  responseUrlOrigins?: readonly string[];
}

/** A request as the checks see it: its headers (any case) and its body as sent. */
export interface SlackRequestInput {
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
}

export type SlackRequestVerdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/**
 * The checks Bolt does not make, run before Bolt verifies the signature:
 * - the timestamp is within five minutes of now in either direction (Bolt refuses only old ones,
 *   so a request signed for the future could be replayed until then);
 * - the request comes from an accepted workspace (and organization, where it names one);
 * - every `response_url` it carries is on Slack's hosts, so the bot never posts anywhere else.
 *
 * A request with no timestamp is left to Bolt, which refuses it. The reason is for the log only.
 *
 * @example
 * const verdict = checkSlackRequest({ headers, body }, { teamIds: ['T012AB3C4D'] }, Date.now());
 * if (!verdict.ok) return { statusCode: verdict.status, body: '' };
 */
export function checkSlackRequest(request: SlackRequestInput, policy: SlackRequestPolicy, nowMs: number): SlackRequestVerdict {
  const timestamp = header(request.headers, 'x-slack-request-timestamp');
  if (timestamp !== undefined) {
    if (!/^\d{1,12}$/.test(timestamp)) return refuse(401, 'the request timestamp is not a number of seconds');
    if (Math.abs(nowMs - Number(timestamp) * 1000) > TIMESTAMP_WINDOW_MS) {
      return refuse(401, 'the request timestamp is more than five minutes away from now');
    }
  }
  const fields = readRequestFields(request.body, header(request.headers, 'content-type') ?? '');
  if (fields.kind !== 'request') return { ok: true };
  const { teamIds, enterpriseIds } = policy;
  if (teamIds !== undefined && (fields.teamIds.length === 0 || !fields.teamIds.every((id) => teamIds.includes(id)))) {
    return refuse(403, 'the request comes from a workspace this bot does not serve');
  }
  const checksWorkspace = teamIds !== undefined || enterpriseIds !== undefined;
  if (checksWorkspace && !fields.enterpriseIds.every((id) => (enterpriseIds ?? []).includes(id))) {
    return refuse(403, 'the request comes from an organization this bot does not serve');
  }
  if (!fields.responseUrls.every((url) => isAllowedResponseUrl(url, policy.responseUrlOrigins))) {
    return refuse(403, "the request's response_url is not on Slack's hosts");
  }
  return { ok: true };
}

function refuse(status: 401 | 403, reason: string): SlackRequestVerdict {
  return { ok: false, status, reason };
}

function header(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
