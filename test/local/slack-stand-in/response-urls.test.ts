import { startSlackStandIn, type SlackStandIn } from '../../../local/slack-stand-in';

const TOKEN = 'xoxb-test-token';
const NOW = Date.UTC(2026, 0, 1, 0, 0, 0);

async function postJson(url: string, body: unknown): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

async function postMessage(slack: SlackStandIn, text: string): Promise<string> {
  const answer = (await fetch(`${slack.apiUrl}chat.postMessage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'CDEMO00001', text }),
  }).then((r) => r.json())) as { ts: string };
  return slack.messages.find((m) => m.ts === answer.ts)!.id;
}

describe('Slack stand-in response URLs', () => {
  let slack: SlackStandIn;

  beforeEach(async () => {
    slack = await startSlackStandIn({ botToken: TOKEN, clock: () => NOW });
  });

  afterEach(async () => {
    await slack.close();
  });

  it('hands out a different URL each time', () => {
    const first = slack.newResponseUrl();
    const second = slack.newResponseUrl();

    expect(first).toMatch(new RegExp(`^${slack.url}hooks/[0-9a-f]{24}$`));
    expect(second).not.toBe(first);
  });

  it('answers a post with ok in plain text and keeps an ephemeral message in the channel', async () => {
    const url = slack.newResponseUrl();
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'hello' } }];

    const answer = await postJson(url, { text: 'hello', blocks });

    expect(answer).toEqual({ status: 200, type: 'text/plain; charset=utf-8', text: 'ok' });
    expect(slack.messages).toEqual([
      {
        id: 'M000001',
        channel: 'CDEMO00001',
        ts: '1767225600.000001',
        ephemeral: true,
        text: 'hello',
        blocks,
        origin: 'response_url',
        updatedSeq: 1,
      },
    ]);
    expect(slack.events).toEqual([{ seq: 1, kind: 'response_url', url, body: { text: 'hello', blocks }, at: NOW }]);
  });

  it('keeps an in_channel answer as a channel message in the channel the URL was made for', async () => {
    const url = slack.newResponseUrl({ channelId: 'COTHER0001' });

    await postJson(url, { text: 'for everyone', response_type: 'in_channel' });

    expect(slack.messages).toEqual([expect.objectContaining({ channel: 'COTHER0001', ephemeral: false, text: 'for everyone' })]);
  });

  it('replaces the first answer of a slash command URL when a later post sets replace_original', async () => {
    const url = slack.newResponseUrl();
    await postJson(url, { text: 'working…' });

    await postJson(url, { text: 'the card', replace_original: true });

    expect(slack.messages).toEqual([expect.objectContaining({ id: 'M000001', text: 'the card', updatedSeq: 2 })]);
  });

  it('replaces the message a button URL is bound to with replace_original', async () => {
    const cardId = await postMessage(slack, 'the card');
    const url = slack.newResponseUrl({ messageId: cardId });

    await postJson(url, { text: 'the preview', replace_original: true });

    expect(slack.messages).toEqual([expect.objectContaining({ id: cardId, ephemeral: false, text: 'the preview' })]);
  });

  it('posts a new message and keeps the bound one when replace_original is not set', async () => {
    const cardId = await postMessage(slack, 'the card');
    const url = slack.newResponseUrl({ messageId: cardId });

    await postJson(url, { text: 'an error', replace_original: false });
    await postJson(url, { text: 'the card, refreshed', replace_original: true });

    expect(slack.messages.map((m) => [m.id, m.text])).toEqual([
      [cardId, 'the card, refreshed'],
      ['M000002', 'an error'],
    ]);
  });

  it('deletes the bound message with delete_original', async () => {
    const cardId = await postMessage(slack, 'the card');
    const url = slack.newResponseUrl({ messageId: cardId });

    const answer = await postJson(url, { delete_original: true });

    expect(answer.text).toBe('ok');
    expect(slack.messages).toEqual([]);
  });

  it('refuses to bind a URL to a message that does not exist', () => {
    expect(() => slack.newResponseUrl({ messageId: 'M999999' })).toThrow('No message M999999 to bind a response URL to.');
  });

  it('refuses a post to a URL it never handed out, and records it', async () => {
    const answer = await postJson(`${slack.url}hooks/0123456789abcdef01234567`, { text: 'x' });

    expect(answer).toEqual({ status: 404, type: 'text/plain; charset=utf-8', text: 'expired_url' });
    expect(slack.messages).toEqual([]);
    expect(slack.events).toHaveLength(1);
  });

  it('refuses a body that is not a JSON object, or has no text, and keeps nothing', async () => {
    const url = slack.newResponseUrl();

    expect(await postJson(url, 'text=hello')).toMatchObject({ status: 400, text: 'invalid_payload' });
    expect(await postJson(url, { replace_original: true })).toMatchObject({ status: 400, text: 'no_text' });
    expect(slack.messages).toEqual([]);
  });

  it('accepts five posts to one URL and refuses the sixth, as Slack does', async () => {
    const url = slack.newResponseUrl();
    const answers: string[] = [];

    for (let i = 1; i <= 6; i++) answers.push((await postJson(url, { text: `post ${i}` })).text);

    expect(answers).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'used_url']);
    expect(slack.messages).toHaveLength(5);
  });
});

describe('Slack stand-in read API and waiting', () => {
  let slack: SlackStandIn;

  beforeEach(async () => {
    slack = await startSlackStandIn({ botToken: TOKEN, clock: () => NOW });
  });

  afterEach(async () => {
    await slack.close();
  });

  it('lists events after a given seq over HTTP', async () => {
    const url = slack.newResponseUrl();
    await postJson(url, { text: 'one' });
    await postJson(url, { text: 'two', replace_original: true });
    await postJson(url, { text: 'three' });

    const all = await fetch(`${slack.url}_stand-in/events`).then((r) => r.json());
    const later = await fetch(`${slack.url}_stand-in/events?after=2`).then((r) => r.json());

    expect((all as { seq: number }[]).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(later).toEqual([{ seq: 3, kind: 'response_url', url, body: { text: 'three' }, at: NOW }]);
  });

  it('hands out response URLs over HTTP, bound to a message when asked', async () => {
    const cardId = await postMessage(slack, 'the card');

    const created = (await fetch(`${slack.url}_stand-in/response-urls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messageId: cardId }),
    }).then((r) => r.json())) as { url: string };
    await postJson(created.url, { text: 'replaced', replace_original: true });

    expect(created.url).toMatch(new RegExp(`^${slack.url}hooks/`));
    expect(slack.messages).toEqual([expect.objectContaining({ id: cardId, text: 'replaced' })]);
  });

  it('answers 404 over HTTP for a response URL bound to an unknown message', async () => {
    const response = await fetch(`${slack.url}_stand-in/response-urls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messageId: 'M404' }),
    });

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'No message M404 to bind a response URL to.' });
  });

  it('lists the current messages and views over HTTP', async () => {
    const url = slack.newResponseUrl();
    await postJson(url, { text: 'hello' });

    const messages = await fetch(`${slack.url}_stand-in/messages`).then((r) => r.json());
    const views = await fetch(`${slack.url}_stand-in/views`).then((r) => r.json());

    expect(messages).toEqual(slack.messages);
    expect(views).toEqual([]);
  });

  it('resolves waitForEvent with an event that already arrived', async () => {
    await postJson(slack.newResponseUrl(), { text: 'early' });

    const event = await slack.waitForEvent((e) => e.kind === 'response_url', 1000);

    expect(event.body).toEqual({ text: 'early' });
  });

  it('resolves waitForEvent when a matching event arrives, with its effect already applied', async () => {
    const waiting = slack.waitForEvent((e) => e.kind === 'web_api' && e.method === 'chat.postMessage', 5000);

    await postMessage(slack, 'later');
    const event = await waiting;

    expect(event.seq).toBe(1);
    expect(slack.messages.map((m) => m.text)).toEqual(['later']);
  });

  it('rejects waitForEvent when nothing matches in time', async () => {
    await expect(slack.waitForEvent(() => false, 20)).rejects.toThrow('No matching Slack request within 20 ms (0 received in all).');
  });
});
