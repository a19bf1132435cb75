import { startSlackStandIn, type SlackStandIn, type SlackStandInOptions } from '../../../local/slack-stand-in';

const TOKEN = 'xoxb-test-token';
const CHANNEL = 'CDEMO00001';
const OTHER = 'COTHER0001';
const START = Date.UTC(2026, 0, 1, 0, 0, 0);

/** A Web API answer as it came over HTTP. */
interface Answer {
  status: number;
  retryAfter: string | null;
  body: Record<string, unknown>;
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (actionId: string, extra: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: actionId,
  text: { type: 'plain_text', text: 'Go' },
  ...extra,
});
const actions = (elements: unknown[], blockId = 'acts') => ({ type: 'actions', block_id: blockId, elements });
const modal = (blocks: unknown[] = [section('hello')], extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  callback_id: 'cb',
  title: { type: 'plain_text', text: 'Title' },
  submit: { type: 'plain_text', text: 'Save' },
  blocks,
  ...extra,
});

describe('Slack stand-in rules', () => {
  let slack: SlackStandIn;
  let now: number;

  async function start(options: Partial<SlackStandInOptions> = {}): Promise<void> {
    slack = await startSlackStandIn({
      botToken: TOKEN,
      channels: { [CHANNEL]: 'data-oncall', [OTHER]: 'other' },
      clock: () => now,
      ...options,
    });
  }

  async function api(method: string, body: Record<string, unknown>): Promise<Answer> {
    const response = await fetch(`${slack.apiUrl}${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Record<string, unknown> };
  }

  async function post(url: string, body: unknown): Promise<{ status: number; text: string }> {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, text: await response.text() };
  }

  beforeEach(async () => {
    now = START;
    await start();
  });

  afterEach(async () => {
    await slack.close();
  });

  describe('response_url', () => {
    it('refuses a post 30 minutes after the interaction with 404 expired_url, and keeps nothing', async () => {
      const url = slack.newResponseUrl();
      now = START + 30 * 60_000;
      expect(await post(url, { text: 'just in time' })).toEqual({ status: 200, text: 'ok' });

      now = START + 30 * 60_000 + 1;
      const late = await post(url, { text: 'too late' });

      expect(late).toEqual({ status: 404, text: 'expired_url' });
      expect(slack.messages.map((m) => m.text)).toEqual(['just in time']);
    });

    it('refuses a sixth post with 404 used_url and leaves the replaced message as it was', async () => {
      const url = slack.newResponseUrl();
      for (let i = 1; i <= 5; i++) await post(url, { text: `post ${i}`, replace_original: true });

      const sixth = await post(url, { text: 'post 6', replace_original: true });

      expect(sixth).toEqual({ status: 404, text: 'used_url' });
      expect(slack.messages.map((m) => m.text)).toEqual(['post 5']);
    });
  });

  describe('trigger_id', () => {
    it('opens a view with a trigger the stand-in issued, within 3 seconds', async () => {
      const trigger = slack.newTriggerId();
      now = START + 3000;

      const answer = await api('views.open', { trigger_id: trigger, view: modal() });

      expect(answer.body.ok).toBe(true);
      expect(trigger).toMatch(/^1767225600\.1\.[0-9a-f]{32}$/);
      expect(slack.views.map((v) => v.triggerId)).toEqual([trigger]);
    });

    it('answers invalid_trigger_id for a trigger it never issued, and opens nothing', async () => {
      const answer = await api('views.open', { trigger_id: '12345.98765.abcd2358fdea', view: modal() });

      expect(answer).toEqual({ status: 200, retryAfter: null, body: { ok: false, error: 'invalid_trigger_id' } });
      expect(slack.views).toEqual([]);
    });

    it('answers expired_trigger_id more than 3 seconds after the interaction, and opens nothing', async () => {
      const trigger = slack.newTriggerId();
      now = START + 3001;

      const answer = await api('views.open', { trigger_id: trigger, view: modal() });

      expect(answer.body).toEqual({ ok: false, error: 'expired_trigger_id' });
      expect(slack.views).toEqual([]);
    });

    it('answers exchanged_trigger_id when a trigger is used a second time, by views.open or views.push', async () => {
      const trigger = slack.newTriggerId();
      await api('views.open', { trigger_id: trigger, view: modal() });

      const again = await api('views.open', { trigger_id: trigger, view: modal() });
      const pushed = await api('views.push', { trigger_id: trigger, view: modal() });

      expect(again.body).toEqual({ ok: false, error: 'exchanged_trigger_id' });
      expect(pushed.body).toEqual({ ok: false, error: 'exchanged_trigger_id' });
      expect(slack.views).toHaveLength(1);
    });

    it('leaves a trigger usable when the view it came with is refused', async () => {
      const trigger = slack.newTriggerId();

      const refused = await api('views.open', { trigger_id: trigger, view: modal(Array.from({ length: 101 }, () => section('x'))) });
      const opened = await api('views.open', { trigger_id: trigger, view: modal() });

      expect(refused.body.error).toBe('invalid_blocks');
      expect(opened.body.ok).toBe(true);
    });

    it('hands out triggers over HTTP', async () => {
      const answer = (await fetch(`${slack.url}_stand-in/trigger-ids`, { method: 'POST' }).then((r) => r.json())) as { triggerId: string };

      expect(answer.triggerId).toMatch(/^1767225600\.1\.[0-9a-f]{32}$/);
      expect((await api('views.open', { trigger_id: answer.triggerId, view: modal() })).body.ok).toBe(true);
    });
  });

  describe('channels the bot is in', () => {
    it('answers not_in_channel to chat.postMessage and chat.postEphemeral once the bot is removed, and keeps nothing', async () => {
      slack.removeBot(OTHER);

      const posted = await api('chat.postMessage', { channel: OTHER, text: 'x' });
      const ephemeral = await api('chat.postEphemeral', { channel: OTHER, user: 'ULOCAL0001', text: 'x' });

      expect(posted.body).toEqual({ ok: false, error: 'not_in_channel' });
      expect(ephemeral.body).toEqual({ ok: false, error: 'not_in_channel' });
      expect(slack.messages).toEqual([]);
      expect(((await api('conversations.info', { channel: OTHER })).body.channel as { is_member: boolean }).is_member).toBe(false);
    });

    it('posts again once the bot is invited', async () => {
      slack.removeBot(OTHER);
      slack.inviteBot(OTHER);

      expect((await api('chat.postMessage', { channel: OTHER, text: 'back' })).body.ok).toBe(true);
      expect(slack.messages.map((m) => [m.channel, m.text])).toEqual([[OTHER, 'back']]);
    });

    it('is in the channels it is started with only, and refuses to invite the bot to a channel that does not exist', async () => {
      await slack.close();
      await start({ botChannels: [CHANNEL] });

      expect((await api('chat.postMessage', { channel: OTHER, text: 'x' })).body.error).toBe('not_in_channel');
      expect((await api('chat.postMessage', { channel: CHANNEL, text: 'x' })).body.ok).toBe(true);
      expect(() => slack.inviteBot('CNOPE')).toThrow("No channel CNOPE in the stand-in's workspace to invite the bot to.");
    });

    it('posts to a direct message conversation without an invitation', async () => {
      const answer = await api('chat.postMessage', { channel: 'DLOCAL0001', text: 'hi' });

      expect(answer.body).toMatchObject({ ok: true, channel: 'DLOCAL0001' });
    });
  });

  describe('Block Kit limits', () => {
    const tooMany = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));
    const select = (count: number) => ({
      type: 'static_select',
      action_id: 'pick',
      placeholder: { type: 'plain_text', text: 'Pick' },
      options: tooMany(count, (i) => ({ text: { type: 'plain_text', text: `o${i}` }, value: `v${i}` })),
    });
    const cases: [string, unknown[], string][] = [
      ['51 blocks', tooMany(51, () => section('x')), 'blocks: has 51 blocks; a message may hold 50'],
      ['3001 characters of section text', [section('x'.repeat(3001))], 'blocks[0] (section) text: is 3001 characters; the limit is 3000'],
      ['11 section fields', [{ type: 'section', fields: tooMany(11, () => ({ type: 'mrkdwn', text: 'f' })) }], 'blocks[0] (section) fields: has 11 items; the limit is 10'],
      ['76 characters of button text', [actions([button('a', { text: { type: 'plain_text', text: 'x'.repeat(76) } })])], 'blocks[0] (actions) elements[0] (button) text: is 76 characters; the limit is 75'],
      ['2001 characters of button value', [actions([button('a', { value: 'v'.repeat(2001) })])], 'blocks[0] (actions) elements[0] (button) value: is 2001 characters; the limit is 2000'],
      ['256 characters of action_id', [actions([button('a'.repeat(256))])], 'blocks[0] (actions) elements[0] (button) action_id: is 256 characters; the limit is 255'],
      ['256 characters of block_id', [actions([button('a')], 'b'.repeat(256))], 'blocks[0] (actions) block_id: is 256 characters; the limit is 255'],
      ['26 elements in an actions block', [actions(tooMany(26, (i) => button(`a${i}`)))], 'blocks[0] (actions) elements: has 26 items; the limit is 25'],
      ['101 options in a select', [actions([select(101)])], 'blocks[0] (actions) elements[0] (static_select) options: has 101 items; the limit is 100'],
      ['one action_id twice in a block', [actions([button('same'), button('same')])], 'blocks[0] (actions) elements[1] (button) action_id: "same" is used twice in one block'],
      ['an empty section text', [section('')], 'blocks[0] (section) text: is empty; Slack requires at least one character'],
    ];

    it.each(cases)('refuses a message with %s as invalid_blocks naming the limit, and keeps nothing', async (_name, blocks, problem) => {
      const answer = await api('chat.postMessage', { channel: CHANNEL, text: 'fallback', blocks });

      expect(answer).toEqual({
        status: 200,
        retryAfter: null,
        body: { ok: false, error: 'invalid_blocks', errors: [problem], response_metadata: { messages: [`[ERROR] ${problem}`] } },
      });
      expect(slack.messages).toEqual([]);
    });

    it('accepts a message at every limit', async () => {
      const blocks = [
        section('x'.repeat(3000)),
        actions([...tooMany(24, (i) => button(`a${i}`, { value: 'v'.repeat(2000) })), select(100)], 'b'.repeat(255)),
        ...tooMany(48, () => section('x')),
      ];

      expect((await api('chat.postMessage', { channel: CHANNEL, text: 'fallback', blocks })).body.ok).toBe(true);
    });

    it('refuses blocks Slack cannot read as Block Kit', async () => {
      const answer = await api('chat.postMessage', { channel: CHANNEL, text: 'x', blocks: [{ type: 'actions' }] });

      expect(answer.body).toMatchObject({ ok: false, error: 'invalid_blocks' });
      expect((answer.body.errors as string[])[0]).toMatch(/^blocks: a block is malformed \(/);
      expect(slack.messages).toEqual([]);
    });

    it('refuses a message with neither text nor blocks as no_text, and accepts blocks without text', async () => {
      expect((await api('chat.postMessage', { channel: CHANNEL, blocks: [] })).body).toEqual({ ok: false, error: 'no_text' });
      expect((await api('chat.postMessage', { channel: CHANNEL, blocks: [section('only blocks')] })).body.ok).toBe(true);
      expect((await api('chat.postMessage', { channel: CHANNEL, text: 'x'.repeat(40_001) })).body).toEqual({ ok: false, error: 'msg_too_long' });
      expect(slack.messages.map((m) => m.text)).toEqual(['']);
    });

    it('applies the limits to chat.postEphemeral, chat.update and response_url posts, changing nothing', async () => {
      const bad = [section('x'.repeat(3001))];
      const posted = await api('chat.postMessage', { channel: CHANNEL, text: 'card', blocks: [section('card')] });
      const url = slack.newResponseUrl();

      const ephemeral = await api('chat.postEphemeral', { channel: CHANNEL, user: 'ULOCAL0001', text: 'x', blocks: bad });
      const updated = await api('chat.update', { channel: CHANNEL, ts: posted.body.ts, text: 'x', blocks: bad });
      const viaUrl = await post(url, { text: 'x', blocks: bad });

      expect(ephemeral.body.error).toBe('invalid_blocks');
      expect(updated.body.error).toBe('invalid_blocks');
      expect(viaUrl).toEqual({ status: 400, text: 'invalid_blocks' });
      expect(slack.messages).toEqual([expect.objectContaining({ text: 'card', blocks: [section('card')], updatedSeq: 1 })]);
    });

    it('applies the limits to views.open, views.push and views.update: 100 blocks in a modal, and the modal text limits', async () => {
      const opened = await api('views.open', { trigger_id: slack.newTriggerId(), view: modal(tooMany(100, () => section('x'))) });
      const viewId = (opened.body.view as { id: string }).id;

      const pushed = await api('views.push', { trigger_id: slack.newTriggerId(), view: modal(tooMany(101, () => section('x'))) });
      const updated = await api('views.update', { view_id: viewId, view: modal([actions([button('same'), button('same')])]) });
      const longTitle = await api('views.open', { trigger_id: slack.newTriggerId(), view: modal(undefined, { title: { type: 'plain_text', text: 'x'.repeat(25) } }) });
      const noSubmit = await api('views.open', {
        trigger_id: slack.newTriggerId(),
        view: modal([{ type: 'input', block_id: 'b', label: { type: 'plain_text', text: 'Note' }, element: { type: 'plain_text_input', action_id: 'a' } }], { submit: undefined }),
      });

      expect(opened.body.ok).toBe(true);
      expect(pushed.body).toMatchObject({ ok: false, error: 'invalid_blocks', errors: ['blocks: has 101 blocks; a modal may hold 100'] });
      expect(updated.body).toMatchObject({ ok: false, error: 'invalid_blocks', errors: ['blocks[0] (actions) elements[1] (button) action_id: "same" is used twice in one block'] });
      expect(longTitle.body).toEqual({
        ok: false,
        error: 'invalid_arguments',
        response_metadata: { messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'] },
      });
      expect(noSubmit.body).toEqual({
        ok: false,
        error: 'invalid_arguments',
        response_metadata: { messages: ['[ERROR] must provide a submit property when using input blocks [json-pointer:/view]'] },
      });
      expect(slack.views).toHaveLength(1);
      expect(slack.views[0]!.view.blocks).toHaveLength(100);
    });
  });

  describe('chat.update', () => {
    it('answers message_not_found for a ts that is not in that channel, and changes nothing', async () => {
      const posted = await api('chat.postMessage', { channel: CHANNEL, text: 'card' });

      const elsewhere = await api('chat.update', { channel: OTHER, ts: posted.body.ts, text: 'changed' });
      const unknown = await api('chat.update', { channel: CHANNEL, ts: '1767225600.999999', text: 'changed' });

      expect(elsewhere.body).toEqual({ ok: false, error: 'message_not_found' });
      expect(unknown.body).toEqual({ ok: false, error: 'message_not_found' });
      expect(slack.messages.map((m) => [m.channel, m.text])).toEqual([[CHANNEL, 'card']]);
    });
  });

  describe('rate limits', () => {
    it('answers 429 ratelimited with Retry-After on the 21st call of a Tier 2 method within a minute, and admits it a minute later', async () => {
      await slack.close();
      await start({ userGroups: { S0ONCALL: ['ULOCAL0001'] } });
      for (let i = 0; i < 20; i++) {
        now = START + i * 1000;
        expect((await api('usergroups.users.list', { usergroup: 'S0ONCALL' })).status).toBe(200);
      }

      const refused = await api('usergroups.users.list', { usergroup: 'S0ONCALL' });
      now = START + 60_000;
      const later = await api('usergroups.users.list', { usergroup: 'S0ONCALL' });

      expect(refused).toEqual({ status: 429, retryAfter: '41', body: { ok: false, error: 'ratelimited' } });
      expect(later.status).toBe(200);
    });

    it('keeps each tier by its own count: 50 a minute for chat.update (Tier 3)', async () => {
      const posted = await api('chat.postMessage', { channel: CHANNEL, text: 'card' });
      const update = () => api('chat.update', { channel: CHANNEL, ts: posted.body.ts, text: 'again' });
      for (let i = 0; i < 50; i++) expect((await update()).status).toBe(200);

      const refused = await update();

      expect(refused).toEqual({ status: 429, retryAfter: '60', body: { ok: false, error: 'ratelimited' } });
    });

    it('lets chat.postMessage burst 10 messages into one channel, then one a second, counting each channel apart', async () => {
      for (let i = 0; i < 10; i++) expect((await api('chat.postMessage', { channel: CHANNEL, text: `m${i}` })).status).toBe(200);

      const eleventh = await api('chat.postMessage', { channel: CHANNEL, text: 'm10' });
      const otherChannel = await api('chat.postMessage', { channel: OTHER, text: 'elsewhere' });
      now = START + 1000;
      const aSecondLater = await api('chat.postMessage', { channel: CHANNEL, text: 'm11' });
      const tooSoon = await api('chat.postMessage', { channel: CHANNEL, text: 'm12' });

      expect(eleventh).toEqual({ status: 429, retryAfter: '1', body: { ok: false, error: 'ratelimited' } });
      expect(otherChannel.status).toBe(200);
      expect(aSecondLater.status).toBe(200);
      expect(tooSoon.status).toBe(429);
      expect(slack.messages.filter((m) => m.channel === CHANNEL)).toHaveLength(11);
    });

    it('takes other numbers, or none with rateLimits off, when a test says so', async () => {
      await slack.close();
      await start({ rateLimits: { postMessageBurst: 2 } });
      await api('chat.postMessage', { channel: CHANNEL, text: '1' });
      await api('chat.postMessage', { channel: CHANNEL, text: '2' });
      expect((await api('chat.postMessage', { channel: CHANNEL, text: '3' })).status).toBe(429);

      await slack.close();
      await start({ rateLimits: 'off' });
      for (let i = 0; i < 30; i++) expect((await api('chat.postMessage', { channel: CHANNEL, text: `${i}` })).status).toBe(200);
    });
  });
});
