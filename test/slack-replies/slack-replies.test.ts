import { WebClient } from '@slack/web-api';
import { startSlackStandIn, type SlackStandIn } from '../../local/slack-stand-in';
import { createSlackReplies } from '../../src/slack-replies/slack-replies';

const TOKEN = 'xoxb-replies-test';

describe('createSlackReplies', () => {
  let standIn: SlackStandIn;
  beforeAll(async () => {
    standIn = await startSlackStandIn({ botToken: TOKEN });
  });
  afterAll(() => standIn.close());

  const replies = () =>
    createSlackReplies({
      fetch,
      web: async () => new WebClient(TOKEN, { slackApiUrl: standIn.apiUrl }),
      responseUrlOrigins: [new URL(standIn.url).origin],
    });

  it('answers through response_url, ephemeral unless shared, replacing the original when asked', async () => {
    const responseUrl = standIn.newResponseUrl({ channelId: 'CDEMO00001' });
    const ctx = { userId: 'U1', channelId: 'CDEMO00001', responseUrl, isEphemeral: true };
    await replies().reply(ctx, { text: 'working', blocks: [] }, { replaceOriginal: false });
    await replies().reply(ctx, { text: 'the card', blocks: [] }, { replaceOriginal: true });
    const posts = standIn.events.filter((e) => e.url === responseUrl).map((e) => e.body);
    expect(posts).toEqual([
      { response_type: 'ephemeral', replace_original: false, text: 'working', blocks: [] },
      { response_type: 'ephemeral', replace_original: true, text: 'the card', blocks: [] },
    ]);
  });

  it("edits a channel card through the click's response_url, which needs no channel membership", async () => {
    const web = new WebClient(TOKEN, { slackApiUrl: standIn.apiUrl });
    const posted = await web.chat.postMessage({ channel: 'CDEMO00001', text: 'shared card' });
    const responseUrl = standIn.newResponseUrl({ messageId: standIn.messages.find((m) => m.ts === posted.ts)!.id });
    const ctx = { userId: 'U1', channelId: 'CDEMO00001', messageTs: posted.ts!, responseUrl, isEphemeral: false };
    const before = standIn.events.length;

    await replies().reply(ctx, { text: 'updated card', blocks: [] }, { replaceOriginal: true });

    expect(standIn.events.slice(before).map((e) => e.kind)).toEqual(['response_url']);
    expect(standIn.messages.find((m) => m.ts === posted.ts)!.text).toBe('updated card');
  });

  it('falls back to chat.update for a channel message with no response URL, and answers in its thread', async () => {
    const web = new WebClient(TOKEN, { slackApiUrl: standIn.apiUrl });
    const posted = await web.chat.postMessage({ channel: 'CDEMO00001', text: 'shared card' });
    const ctx = { userId: 'U1', channelId: 'CDEMO00001', messageTs: posted.ts!, isEphemeral: false };

    await replies().reply(ctx, { text: 'updated card', blocks: [] }, { replaceOriginal: true });
    expect(await replies().postInThread(ctx, 'alice marked 1 task instance success.')).toBe(true);

    const message = standIn.messages.find((m) => m.ts === posted.ts)!;
    expect(message.text).toBe('updated card');
    expect(standIn.messages.some((m) => m.threadTs === posted.ts && m.text === 'alice marked 1 task instance success.')).toBe(true);
  });

  it('posts nothing in a thread for an ephemeral message, which has none', async () => {
    const before = standIn.events.length;
    expect(await replies().postInThread({ userId: 'U1', channelId: 'CDEMO00001', messageTs: '1.2', isEphemeral: true }, 'x')).toBe(false);
    expect(standIn.events.length).toBe(before);
  });

  it('reports a thread line Slack refuses as not posted, without throwing', async () => {
    const ctx = { userId: 'U1', channelId: 'CNOTAMEMBER', messageTs: '1.2', isEphemeral: false };
    expect(await replies().postInThread(ctx, 'x')).toBe(false);
  });

  it('says clearly when Slack refuses the response URL', async () => {
    const ctx = { userId: 'U1', responseUrl: `${standIn.url.replace(/\/$/, '')}/no-such-response-url`, isEphemeral: true };
    await expect(replies().reply(ctx, { text: 'x', blocks: [] }, { replaceOriginal: false })).rejects.toMatchObject({
      kind: 'unavailable',
      userMessage: 'Slack did not accept the reply (the response URL may have expired).',
    });
  });

  it('posts nothing to a response URL that is not on Slack\'s hosts, and says why', async () => {
    const posted: string[] = [];
    const recordingFetch: typeof fetch = async (input) => {
      posted.push(String(input));
      return new Response('ok');
    };
    const strict = createSlackReplies({ fetch: recordingFetch, web: async () => new WebClient(TOKEN, { slackApiUrl: standIn.apiUrl }) });
    const ctx = { userId: 'U1', responseUrl: 'https://attacker.example/hooks/x', isEphemeral: true };
    await expect(strict.reply(ctx, { text: 'x', blocks: [] }, { replaceOriginal: false })).rejects.toMatchObject({
      kind: 'invalid',
      userMessage: "This request's reply address is not Slack's, so nothing was sent to it.",
      details: { host: 'attacker.example' },
    });
    // The stand-in's own URLs are refused too unless its origin is configured.
    const standInUrl = standIn.newResponseUrl({ channelId: 'CDEMO00001' });
    await expect(strict.reply({ ...ctx, responseUrl: standInUrl }, { text: 'x', blocks: [] }, { replaceOriginal: false })).rejects.toMatchObject({
      kind: 'invalid',
    });
    expect(posted).toEqual([]);
  });
});
