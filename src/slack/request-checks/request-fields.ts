/** What the request checks read from a Slack request body, before Bolt parses it. */
export interface RequestFields {
  /** `ssl_check` and `url_verification` come from Slack itself and name no workspace. */
  kind: 'ssl_check' | 'url_verification' | 'request';
  /** Every workspace the body names (the team, and the user's team); empty when it names none. */
  teamIds: string[];
  /** Every Enterprise Grid organization the body names. */
  enterpriseIds: string[];
  /** Every `response_url` the body carries (a view submission may carry several). */
  responseUrls: string[];
}

/**
 * Reads the fields the request checks need from a raw body: a form (slash commands), a form with a
 * JSON `payload` (interactivity), or JSON (the Events API). A body it cannot read yields no fields,
 * so the checks that need them refuse it.
 *
 * @example
 * readRequestFields('team_id=T1&response_url=https%3A%2F%2Fhooks.slack.com%2Fx', 'application/x-www-form-urlencoded')
 * // { kind: 'request', teamIds: ['T1'], enterpriseIds: [], responseUrls: ['https://hooks.slack.com/x'] }
 */
export function readRequestFields(rawBody: string, contentType: string): RequestFields {
  if (contentType.toLowerCase().startsWith('application/json')) return fromJsonBody(parseJson(rawBody));
  const form = new URLSearchParams(rawBody);
  if (form.has('ssl_check')) return { ...NONE, kind: 'ssl_check' };
  const payload = form.get('payload');
  if (payload !== null) return fromPayload(parseJson(payload));
  return {
    kind: 'request',
    teamIds: strings(form.get('team_id')),
    enterpriseIds: strings(form.get('enterprise_id')),
    responseUrls: strings(form.get('response_url')),
  };
}

const NONE: RequestFields = { kind: 'request', teamIds: [], enterpriseIds: [], responseUrls: [] };

/** Events API bodies: `url_verification`, or an event callback with `team_id` and `enterprise_id`. */
function fromJsonBody(body: Record<string, unknown> | undefined): RequestFields {
  if (body === undefined) return NONE;
  if (body.type === 'url_verification') return { ...NONE, kind: 'url_verification' };
  return { ...NONE, teamIds: strings(body.team_id), enterpriseIds: strings(body.enterprise_id) };
}

/** Interactivity payloads: `block_actions`, `view_submission`, `view_closed`… */
function fromPayload(payload: Record<string, unknown> | undefined): RequestFields {
  if (payload === undefined) return NONE;
  const team = record(payload.team);
  const user = record(payload.user);
  const enterprise = record(payload.enterprise);
  const responseUrls = Array.isArray(payload.response_urls)
    ? payload.response_urls.flatMap((entry) => strings(record(entry)?.response_url))
    : [];
  return {
    kind: 'request',
    teamIds: unique([...strings(team?.id), ...strings(user?.team_id)]),
    enterpriseIds: unique([...strings(enterprise?.id), ...strings(user?.enterprise_id)]),
    responseUrls: [...strings(payload.response_url), ...responseUrls],
  };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    return record(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A present, non-empty string as a one-item list; anything else as none. */
function strings(value: unknown): string[] {
  return typeof value === 'string' && value !== '' ? [value] : [];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
