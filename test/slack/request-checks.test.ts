import { checkSlackRequest, TIMESTAMP_WINDOW_MS } from '../../src/slack/request-checks/check-slack-request';
import { readRequestFields } from '../../src/slack/request-checks/request-fields';
import { isAllowedResponseUrl } from '../../src/slack-replies/response-url-hosts';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const FORM = 'application/x-www-form-urlencoded';
const SLACK_URL = 'https://hooks.slack.com/commands/T1/2/abc';

function slashBody(fields: Record<string, string>): string {
  return new URLSearchParams({ team_id: 'TGOOD', response_url: SLACK_URL, ...fields }).toString();
}

function payloadBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function check(body: string, options: { seconds?: number; contentType?: string; teamIds?: string[]; enterpriseIds?: string[]; origins?: string[] } = {}) {
  const headers: Record<string, string> = { 'Content-Type': options.contentType ?? FORM };
  headers['X-Slack-Request-Timestamp'] = String(options.seconds ?? NOW / 1000);
  return checkSlackRequest(
    { headers, body },
    {
      teamIds: options.teamIds ?? ['TGOOD'],
      ...(options.enterpriseIds === undefined ? {} : { enterpriseIds: options.enterpriseIds }),
      ...(options.origins === undefined ? {} : { responseUrlOrigins: options.origins }),
    },
    NOW,
  );
}

describe('checkSlackRequest', () => {
  it('accepts a request from the served workspace, on time, answering to Slack', () => {
    expect(check(slashBody({}))).toEqual({ ok: true });
  });

  it.each([
    ['six minutes in the future', 6 * 60],
    ['a year in the future', 365 * 24 * 3600],
    ['six minutes in the past', -6 * 60],
    ['five minutes and one second in the future', 5 * 60 + 1],
  ])('refuses a timestamp %s with 401', (_what, offsetSeconds) => {
    expect(check(slashBody({}), { seconds: NOW / 1000 + offsetSeconds })).toEqual({
      ok: false,
      status: 401,
      reason: 'the request timestamp is more than five minutes away from now',
    });
  });

  it.each([5 * 60, -5 * 60, 0])('accepts a timestamp %p seconds away, inside the window', (offsetSeconds) => {
    expect(check(slashBody({}), { seconds: NOW / 1000 + offsetSeconds })).toEqual({ ok: true });
  });

  it('uses a five-minute window', () => {
    expect(TIMESTAMP_WINDOW_MS).toBe(300_000);
  });

  it.each(['12abc', '-5', '', '1e9'])('refuses a timestamp %p that is not a number of seconds', (timestamp) => {
    const verdict = checkSlackRequest({ headers: { 'x-slack-request-timestamp': timestamp, 'content-type': FORM }, body: slashBody({}) }, { teamIds: ['TGOOD'] }, NOW);
    expect(verdict).toEqual({ ok: false, status: 401, reason: 'the request timestamp is not a number of seconds' });
  });

  it('leaves a request without a timestamp to Bolt, which refuses it', () => {
    expect(checkSlackRequest({ headers: { 'content-type': FORM }, body: slashBody({}) }, { teamIds: ['TGOOD'] }, NOW)).toEqual({ ok: true });
  });

  const OTHER_TEAM = { ok: false, status: 403, reason: 'the request comes from a workspace this bot does not serve' };

  it.each([
    ['a slash command from another team', slashBody({ team_id: 'TEVIL' })],
    ['a slash command naming no team', new URLSearchParams({ response_url: SLACK_URL }).toString()],
    ['a button click from another team', payloadBody({ type: 'block_actions', team: { id: 'TEVIL' }, user: { id: 'U1', team_id: 'TEVIL' } })],
    ['a button click by a user of another team', payloadBody({ type: 'block_actions', team: { id: 'TGOOD' }, user: { id: 'U1', team_id: 'TEVIL' } })],
    ['a modal submission from another team', payloadBody({ type: 'view_submission', team: { id: 'TEVIL' }, user: { id: 'U1' } })],
    ['a payload that is not JSON', new URLSearchParams({ payload: '{not json' }).toString()],
    ['a payload that is a list', payloadBody([{ team: { id: 'TGOOD' } }])],
  ])('refuses %s with 403', (_what, body) => {
    expect(check(body)).toEqual(OTHER_TEAM);
  });

  it('refuses an Events API callback from another team', () => {
    const body = JSON.stringify({ type: 'event_callback', team_id: 'TEVIL', event: {} });
    expect(check(body, { contentType: 'application/json' })).toEqual(OTHER_TEAM);
    expect(check(JSON.stringify({ type: 'event_callback', team_id: 'TGOOD' }), { contentType: 'application/json; charset=utf-8' })).toEqual({ ok: true });
    expect(check(JSON.stringify({ type: 'event_callback', team_id: 'TGOOD' }), { contentType: 'Application/JSON' })).toEqual({ ok: true });
  });

  it('lets ssl_check and url_verification through: they come from Slack and name no workspace', () => {
    expect(check('ssl_check=1&token=x')).toEqual({ ok: true });
    expect(check(JSON.stringify({ type: 'url_verification', challenge: 'c' }), { contentType: 'application/json' })).toEqual({ ok: true });
  });

  it('accepts any workspace when none is configured (local runs), but still checks the response URL', () => {
    const body = slashBody({ team_id: 'TANY', response_url: 'https://attacker.example/x' });
    const verdict = checkSlackRequest({ headers: { 'content-type': FORM }, body: slashBody({ team_id: 'TANY' }) }, {}, NOW);
    expect(verdict).toEqual({ ok: true });
    expect(checkSlackRequest({ headers: { 'content-type': FORM }, body }, {}, NOW)).toMatchObject({ ok: false, status: 403 });
  });

  const OTHER_ORG = { ok: false, status: 403, reason: 'the request comes from an organization this bot does not serve' };

  it('refuses a request naming an organization that is not configured, and accepts the configured one', () => {
    expect(check(slashBody({ enterprise_id: 'EEVIL' }))).toEqual(OTHER_ORG);
    expect(check(slashBody({ enterprise_id: 'EEVIL' }), { enterpriseIds: ['EGOOD'] })).toEqual(OTHER_ORG);
    expect(check(slashBody({ enterprise_id: 'EGOOD' }), { enterpriseIds: ['EGOOD'] })).toEqual({ ok: true });
    const click = payloadBody({ team: { id: 'TGOOD' }, enterprise: { id: 'EEVIL' }, user: { id: 'U1', team_id: 'TGOOD' } });
    expect(check(click, { enterpriseIds: ['EGOOD'] })).toEqual(OTHER_ORG);
  });

  it('accepts any organization when neither workspaces nor organizations are configured (local runs)', () => {
    const verdict = checkSlackRequest({ headers: { 'content-type': FORM }, body: slashBody({ enterprise_id: 'EANY' }) }, {}, NOW);
    expect(verdict).toEqual({ ok: true });
  });

  it('checks the organization even when only organizations are configured', () => {
    const verdict = checkSlackRequest({ headers: { 'content-type': FORM }, body: slashBody({ enterprise_id: 'EEVIL' }) }, { enterpriseIds: ['EGOOD'] }, NOW);
    expect(verdict).toEqual(OTHER_ORG);
  });

  const OTHER_HOST = { ok: false, status: 403, reason: "the request's response_url is not on Slack's hosts" };

  it.each([
    ['a slash command', slashBody({ response_url: 'https://attacker.example/hooks/x' })],
    ['a button click', payloadBody({ team: { id: 'TGOOD' }, response_url: 'http://hooks.slack.com/actions/x' })],
    ['a modal submission', payloadBody({ team: { id: 'TGOOD' }, response_urls: [{ response_url: SLACK_URL }, { response_url: 'https://evil.example/' }] })],
  ])('refuses %s whose response_url is on another host', (_what, body) => {
    expect(check(body)).toEqual(OTHER_HOST);
  });

  it('accepts the configured extra origins for response URLs (the local stand-in)', () => {
    const body = slashBody({ response_url: 'http://127.0.0.1:3001/hooks/abc' });
    expect(check(body)).toEqual(OTHER_HOST);
    expect(check(body, { origins: ['http://127.0.0.1:3001'] })).toEqual({ ok: true });
  });
});

describe('isAllowedResponseUrl', () => {
  it.each([
    ['https://hooks.slack.com/commands/T1/2/abc', true],
    ['https://hooks.slack.com/actions/T1/2/abc', true],
    ['https://hooks.slack-gov.com/commands/T1/2/abc', true],
    ['https://HOOKS.SLACK.COM/commands/x', true],
    ['https://hooks.slack.com:443/commands/x', true],
    ['http://hooks.slack.com/commands/x', false],
    ['https://hooks.slack.com:8443/commands/x', false],
    ['https://hooks.slack.com.attacker.example/x', false],
    ['https://attacker.example/hooks.slack.com', false],
    ['https://user:pw@hooks.slack.com/x', false],
    ['https://user@hooks.slack.com/x', false],
    ['https://:pw@hooks.slack.com/x', false],
    ['https://slack.com/api/chat.postMessage', false],
    ['not a url', false],
    ['', false],
  ])('%p → %p', (url, allowed) => {
    expect(isAllowedResponseUrl(url)).toBe(allowed);
  });

  it('accepts an extra origin exactly, not its neighbours', () => {
    const origins = ['http://127.0.0.1:3001'];
    expect(isAllowedResponseUrl('http://127.0.0.1:3001/hooks/x', origins)).toBe(true);
    expect(isAllowedResponseUrl('http://127.0.0.1:3002/hooks/x', origins)).toBe(false);
    expect(isAllowedResponseUrl('https://127.0.0.1:3001/hooks/x', origins)).toBe(false);
  });
});

describe('readRequestFields', () => {
  it('reads a slash command', () => {
    expect(readRequestFields(slashBody({ enterprise_id: 'E1' }), FORM)).toEqual({
      kind: 'request',
      teamIds: ['TGOOD'],
      enterpriseIds: ['E1'],
      responseUrls: [SLACK_URL],
    });
  });

  it('reads every team, organization and response URL of an interaction payload, once each', () => {
    const body = payloadBody({
      team: { id: 'T1' },
      user: { id: 'U1', team_id: 'T1', enterprise_id: 'E2' },
      enterprise: { id: 'E1' },
      response_url: SLACK_URL,
      response_urls: [{ response_url: 'https://hooks.slack.com/x' }, { nothing: true }, 'junk'],
    });
    expect(readRequestFields(body, FORM)).toEqual({
      kind: 'request',
      teamIds: ['T1'],
      enterpriseIds: ['E1', 'E2'],
      responseUrls: [SLACK_URL, 'https://hooks.slack.com/x'],
    });
  });

  it('recognises Slack\'s own ssl_check and url_verification, which name no workspace', () => {
    expect(readRequestFields('ssl_check=1&token=x', FORM)).toEqual({ kind: 'ssl_check', teamIds: [], enterpriseIds: [], responseUrls: [] });
    expect(readRequestFields(JSON.stringify({ type: 'url_verification', challenge: 'c' }), 'application/json')).toEqual({
      kind: 'url_verification',
      teamIds: [],
      enterpriseIds: [],
      responseUrls: [],
    });
  });

  it('reads the user\'s team from a payload with no team object', () => {
    expect(readRequestFields(payloadBody({ user: { id: 'U1', team_id: 'T2' } }), FORM)).toMatchObject({ teamIds: ['T2'] });
  });

  it('reads nothing from a JSON body that is not an object', () => {
    expect(readRequestFields('[1]', 'application/json')).toEqual({ kind: 'request', teamIds: [], enterpriseIds: [], responseUrls: [] });
    expect(readRequestFields('{', 'application/json')).toEqual({ kind: 'request', teamIds: [], enterpriseIds: [], responseUrls: [] });
  });

  it('reads nothing, without failing, from a body or payload that is JSON null', () => {
    const none = { kind: 'request', teamIds: [], enterpriseIds: [], responseUrls: [] };
    expect(readRequestFields('null', 'application/json')).toEqual(none);
    expect(readRequestFields(new URLSearchParams({ payload: 'null' }).toString(), FORM)).toEqual(none);
  });

  it('ignores empty and non-string fields', () => {
    expect(readRequestFields(payloadBody({ team: { id: '' }, user: { team_id: 5 }, enterprise: null }), FORM)).toEqual({
      kind: 'request',
      teamIds: [],
      enterpriseIds: [],
      responseUrls: [],
    });
  });
});
