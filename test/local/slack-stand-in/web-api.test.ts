import { LogLevel, WebClient, type Logger } from '@slack/web-api';
import { startSlackStandIn, type SlackStandIn } from '../../../local/slack-stand-in';

const TOKEN = 'xoxb-test-token';

/** The SDK logs every Slack error; these tests expect them. */
const quietLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

function client(apiUrl: string, token: string): WebClient {
  return new WebClient(token, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, logger: quietLogger });
}
const CHANNEL = 'CDEMO00001';
const NOW = Date.UTC(2026, 0, 1, 0, 0, 0);

/** The Slack error code of a failed call made with the real Web API client. */
async function slackError(call: Promise<unknown>): Promise<string> {
  const error: unknown = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeDefined();
  return (error as { data: { error: string } }).data.error;
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const modal = (extra: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  callback_id: 'ti_note_modal',
  private_metadata: '{"k":1}',
  title: { type: 'plain_text' as const, text: 'Add note' },
  submit: { type: 'plain_text' as const, text: 'Save' },
  blocks: [{ type: 'input', block_id: 'b', label: { type: 'plain_text', text: 'Note' }, element: { type: 'plain_text_input', action_id: 'a' } }],
  ...extra,
});

describe('Slack stand-in Web API', () => {
  let slack: SlackStandIn;
  let web: WebClient;

  beforeEach(async () => {
    slack = await startSlackStandIn({
      botToken: TOKEN,
      userGroups: { S0ONCALL: ['ULOCAL0001', 'U0BOB'] },
      users: { ULOCAL0001: 'alice', U0BOB: 'bob' },
      clock: () => NOW,
    });
    // The SDK's own client, so requests have exactly the shape the bot sends.
    web = client(slack.apiUrl, TOKEN);
  });

  afterEach(async () => {
    await slack.close();
  });

  it('gives the Web API base URL the bot takes as SLACK_API_URL', () => {
    expect(slack.apiUrl).toBe(`${slack.url}api/`);
    expect(slack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('answers auth.test with the bot user and workspace', async () => {
    const answer = await web.auth.test();

    expect(answer).toMatchObject({
      ok: true,
      url: 'https://local-workspace.slack.com/',
      team: 'local-workspace',
      user: 'airflow-ops',
      team_id: 'TLOCAL0001',
      user_id: 'UBOTLOCAL1',
      bot_id: 'BLOCAL0001',
    });
  });

  it('posts a channel message with chat.postMessage and keeps it', async () => {
    const blocks = [section('*etl_daily* failed')];

    const answer = await web.chat.postMessage({ channel: CHANNEL, text: 'etl_daily failed', blocks });

    expect(answer.ok).toBe(true);
    expect(answer.channel).toBe(CHANNEL);
    expect(answer.ts).toBe('1767225600.000001');
    expect(answer.message).toMatchObject({ type: 'message', text: 'etl_daily failed', user: 'UBOTLOCAL1', bot_id: 'BLOCAL0001', ts: answer.ts, blocks });
    expect(slack.messages).toEqual([
      {
        id: 'M000001',
        channel: CHANNEL,
        ts: '1767225600.000001',
        ephemeral: false,
        text: 'etl_daily failed',
        blocks,
        origin: 'chat.postMessage',
        updatedSeq: 1,
      },
    ]);
    expect(slack.events).toEqual([
      {
        seq: 1,
        kind: 'web_api',
        method: 'chat.postMessage',
        url: `${slack.apiUrl}chat.postMessage`,
        body: { channel: CHANNEL, text: 'etl_daily failed', blocks },
        at: NOW,
      },
    ]);
  });

  it('replies in a thread with chat.postMessage and thread_ts', async () => {
    const parent = await web.chat.postMessage({ channel: CHANNEL, text: 'card' });

    await web.chat.postMessage({ channel: CHANNEL, thread_ts: parent.ts!, text: 'alice marked it success' });

    expect(slack.messages[1]).toMatchObject({ threadTs: parent.ts, text: 'alice marked it success' });
  });

  it('refuses chat.postMessage to an unknown channel, without text, or into a missing thread, and keeps nothing', async () => {
    expect(await slackError(web.chat.postMessage({ channel: 'CNOPE', text: 'x' }))).toBe('channel_not_found');
    expect(await slackError(web.chat.postMessage({ channel: CHANNEL, text: '' }))).toBe('no_text');
    expect(await slackError(web.chat.postMessage({ channel: CHANNEL, text: 'x', thread_ts: '1.000001' }))).toBe('thread_not_found');
    expect(await slackError(web.chat.postMessage({ channel: CHANNEL, text: 'x', blocks: ['not a block'] as never }))).toBe(
      'invalid_blocks',
    );
    expect(slack.messages).toEqual([]);
  });

  it('posts an ephemeral message with chat.postEphemeral and answers its message_ts', async () => {
    const answer = await web.chat.postEphemeral({ channel: CHANNEL, user: 'ULOCAL0001', text: 'only you' });

    expect(answer).toMatchObject({ ok: true, message_ts: '1767225600.000001' });
    expect(slack.messages).toEqual([
      expect.objectContaining({ ephemeral: true, user: 'ULOCAL0001', text: 'only you', origin: 'chat.postEphemeral' }),
    ]);
  });

  it('refuses chat.postEphemeral for someone who is not in the workspace', async () => {
    expect(await slackError(web.chat.postEphemeral({ channel: CHANNEL, user: 'U0NOBODY', text: 'x' }))).toBe('user_not_in_channel');
    expect(slack.messages).toEqual([]);
  });

  it('replaces a channel message with chat.update, keeping blocks that are not sent', async () => {
    const blocks = [section('before')];
    const posted = await web.chat.postMessage({ channel: CHANNEL, text: 'before', blocks });

    const answer = await web.chat.update({ channel: CHANNEL, ts: posted.ts!, text: 'after' });

    expect(answer).toMatchObject({ ok: true, channel: CHANNEL, ts: posted.ts, text: 'after' });
    expect(slack.messages).toEqual([expect.objectContaining({ ts: posted.ts, text: 'after', blocks, updatedSeq: 2 })]);
  });

  it('refuses chat.update of an unknown or ephemeral message and changes nothing', async () => {
    const ephemeral = await web.chat.postEphemeral({ channel: CHANNEL, user: 'ULOCAL0001', text: 'mine' });

    expect(await slackError(web.chat.update({ channel: CHANNEL, ts: '1.000009', text: 'x' }))).toBe('message_not_found');
    expect(await slackError(web.chat.update({ channel: CHANNEL, ts: ephemeral.message_ts!, text: 'x' }))).toBe('message_not_found');
    expect(slack.messages.map((m) => m.text)).toEqual(['mine']);
  });

  it('opens a modal with views.open and answers the view with an id', async () => {
    const triggerId = slack.newTriggerId();
    const answer = await web.views.open({ trigger_id: triggerId, view: modal() });

    expect(answer.ok).toBe(true);
    expect(answer.view).toMatchObject({
      id: 'VLOCAL00001',
      team_id: 'TLOCAL0001',
      type: 'modal',
      callback_id: 'ti_note_modal',
      private_metadata: '{"k":1}',
      root_view_id: 'VLOCAL00001',
      previous_view_id: null,
      state: { values: {} },
      app_id: 'ALOCAL0001',
    });
    expect(answer.view!.hash).toMatch(/^1767225600\.[0-9a-f]{8}$/);
    expect(slack.views).toEqual([
      { view: answer.view, openedWith: 'views.open', triggerId, updatedSeq: 1 },
    ]);
  });

  it('refuses views.open without a trigger_id, or with a view Slack would refuse, and opens nothing', async () => {
    const missingTrigger = await fetch(`${slack.apiUrl}views.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ view: modal() }),
    }).then((r) => r.json());

    expect(missingTrigger).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] missing required field: trigger_id'] },
    });
    expect(await slackError(web.views.open({ trigger_id: slack.newTriggerId(), view: modal({ private_metadata: 'x'.repeat(3001) }) }))).toBe(
      'invalid_arguments',
    );
    expect(await slackError(web.views.open({ trigger_id: slack.newTriggerId(), view: modal({ type: 'home' }) }))).toBe('invalid_arguments');
    expect(slack.views).toEqual([]);
  });

  it('updates a view by id with views.update, and refuses a stale hash', async () => {
    const opened = await web.views.open({ trigger_id: slack.newTriggerId(), view: modal() });

    const updated = await web.views.update({
      view_id: opened.view!.id!,
      hash: opened.view!.hash!,
      view: modal({ private_metadata: 'second' }),
    });

    expect(updated.view).toMatchObject({ id: opened.view!.id, private_metadata: 'second' });
    expect(updated.view!.hash).not.toBe(opened.view!.hash);
    expect(await slackError(web.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: modal() }))).toBe(
      'hash_conflict',
    );
    expect(await slackError(web.views.update({ view_id: 'VNOPE', view: modal() }))).toBe('not_found');
    expect(slack.views).toHaveLength(1);
    expect(slack.views[0]!.view.private_metadata).toBe('second');
  });

  it('pushes a view on top of the open one with views.push', async () => {
    const opened = await web.views.open({ trigger_id: slack.newTriggerId(), view: modal() });

    const pushed = await web.views.push({ trigger_id: slack.newTriggerId(), view: modal({ callback_id: 'second' }) });

    expect(pushed.view).toMatchObject({
      id: 'VLOCAL00002',
      callback_id: 'second',
      previous_view_id: opened.view!.id,
      root_view_id: opened.view!.id,
    });
    expect(slack.views.map((v) => v.openedWith)).toEqual(['views.open', 'views.push']);
  });

  it('lists the members of a user group with usergroups.users.list', async () => {
    const answer = await web.usergroups.users.list({ usergroup: 'S0ONCALL' });

    expect(answer.users).toEqual(['ULOCAL0001', 'U0BOB']);
    expect(await slackError(web.usergroups.users.list({ usergroup: 'S0NONE' }))).toBe('no_such_subteam');
  });

  it('describes a channel with conversations.info', async () => {
    const answer = await web.conversations.info({ channel: CHANNEL });

    expect(answer.channel).toMatchObject({ id: CHANNEL, name: 'data-oncall', is_channel: true, is_private: false, is_member: true });
    expect(await slackError(web.conversations.info({ channel: 'CNOPE' }))).toBe('channel_not_found');
  });

  it('describes a user with users.info', async () => {
    const answer = await web.users.info({ user: 'U0BOB' });

    expect(answer.user).toMatchObject({ id: 'U0BOB', name: 'bob', team_id: 'TLOCAL0001', is_bot: false, profile: { display_name: 'bob' } });
    expect(await slackError(web.users.info({ user: 'U0NOBODY' }))).toBe('user_not_found');
  });

  it('answers unknown_method for a method it does not serve', async () => {
    expect(await slackError(web.apiCall('reactions.add', { channel: CHANNEL, name: 'tada', timestamp: '1.1' }))).toBe(
      'unknown_method',
    );
  });

  it('answers invalid_auth for a wrong token and not_authed for none, and changes nothing', async () => {
    const wrong = client(slack.apiUrl, 'xoxb-wrong');
    const none = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: CHANNEL, text: 'x' }),
    }).then((r) => r.json());

    expect(await slackError(wrong.chat.postMessage({ channel: CHANNEL, text: 'x' }))).toBe('invalid_auth');
    expect(none).toEqual({ ok: false, error: 'not_authed' });
    expect(slack.messages).toEqual([]);
  });

  it('accepts the token as a form argument and leaves it out of the recorded event', async () => {
    const answer = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: TOKEN, channel: CHANNEL, text: 'form', blocks: JSON.stringify([section('s')]) }).toString(),
    }).then((r) => r.json());

    expect(answer).toMatchObject({ ok: true, channel: CHANNEL });
    expect(slack.events[0]!.body).toEqual({ channel: CHANNEL, text: 'form', blocks: [section('s')] });
  });

  it('answers invalid_json for a JSON body that is not JSON', async () => {
    const answer = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{"channel":',
    }).then((r) => r.json());

    expect(answer).toEqual({ ok: false, error: 'invalid_json' });
    expect(slack.messages).toEqual([]);
  });

  it('takes chat.unfurl by channel and ts or by unfurl_id and source, with blocks per URL, and records it', async () => {
    const blocks = [section('card')];
    await web.chat.unfurl({ channel: CHANNEL, ts: '1.2', unfurls: { 'https://a.example/x': { blocks } } });
    await web.chat.unfurl({ unfurl_id: 'u1', source: 'composer', unfurls: { 'https://a.example/y': { blocks } } });
    const recorded = slack.events.filter((event) => event.method === 'chat.unfurl').map((event) => event.body);
    expect(recorded).toEqual([
      { channel: CHANNEL, ts: '1.2', unfurls: { 'https://a.example/x': { blocks } } },
      { unfurl_id: 'u1', source: 'composer', unfurls: { 'https://a.example/y': { blocks } } },
    ]);
  });

  it('refuses chat.unfurl of an unknown channel, without unfurls, from an unknown source, or with over 50 blocks', async () => {
    const unfurls = { 'https://a.example/x': { blocks: [section('card')] } };
    expect(await slackError(web.chat.unfurl({ channel: 'CNOWHERE1', ts: '1.2', unfurls }))).toBe('channel_not_found');
    expect(await slackError(web.chat.unfurl({ channel: CHANNEL, ts: '1.2', unfurls: {} }))).toBe('invalid_arguments');
    expect(await slackError(web.chat.unfurl({ unfurl_id: 'u1', source: 'email' as 'composer', unfurls }))).toBe('invalid_source');
    const tooMany = { 'https://a.example/x': { blocks: Array.from({ length: 51 }, () => section('x')) } };
    expect(await slackError(web.chat.unfurl({ channel: CHANNEL, ts: '1.2', unfurls: tooMany }))).toBe('invalid_blocks');
  });

  it('publishes a Home tab with views.publish, and refuses an unknown user, a modal, or over 100 blocks', async () => {
    const published = await web.views.publish({ user_id: 'ULOCAL0001', view: { type: 'home', blocks: [section('home')] } });
    expect(published.view).toMatchObject({ type: 'home', blocks: [section('home')] });
    expect(await slackError(web.views.publish({ user_id: 'UNOBODY01', view: { type: 'home', blocks: [] } }))).toBe('user_not_found');
    expect(await slackError(web.views.publish({ user_id: 'ULOCAL0001', view: modal() as never }))).toBe('invalid_arguments');
    const tooMany = Array.from({ length: 101 }, () => section('x'));
    expect(await slackError(web.views.publish({ user_id: 'ULOCAL0001', view: { type: 'home', blocks: tooMany as never } }))).toBe('invalid_arguments');
  });
});
