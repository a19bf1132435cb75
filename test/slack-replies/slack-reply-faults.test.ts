import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { startSlackStandIn, type SlackStandIn } from '../../local/slack-stand-in';
import type { RateLimitPolicy } from '../../src/slack-replies/rate-limit';
import { createSlackReplies } from '../../src/slack-replies/slack-replies';
import { slackWebClientOptions } from '../../src/slack-replies/web-client';

const TOKEN = 'xoxb-faults-test';

/** A loopback server answering each request with the next scripted answer (the last one repeats). */
async function startScripted(answers: { status: number; body: string; headers?: Record<string, string> }[]) {
  const received: { url: string; body: string }[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ url: request.url ?? '', body });
      const answer = answers[Math.min(received.length - 1, answers.length - 1)]!;
      response.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return { origin, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Records the waits instead of sleeping through them; no jitter, so each wait is Slack's `Retry-After`. */
function recordedPolicy(maxTotalWaitMs = 20_000): RateLimitPolicy & { waits: number[] } {
  const waits: number[] = [];
  return { maxTotalWaitMs, jitter: 0, random: () => 0, waits, sleep: async (ms) => void waits.push(ms) };
}

const MESSAGE = { text: 'Marked success.', blocks: [] };

describe('Slack replies when Slack pushes back', () => {
  let standIn: SlackStandIn;
  beforeAll(async () => {
    standIn = await startSlackStandIn({ botToken: TOKEN });
  });
  afterAll(() => standIn.close());

  it('waits out a 429 on response_url for its Retry-After and delivers the answer exactly once', async () => {
    const slack = await startScripted([
      { status: 429, body: 'rate_limited', headers: { 'retry-after': '2' } },
      { status: 200, body: 'ok' },
    ]);
    const rateLimit = recordedPolicy();
    const replies = createSlackReplies({ fetch, web: async () => new WebClient(TOKEN), responseUrlOrigins: [slack.origin], rateLimit });
    try {
      await replies.reply({ userId: 'U1', responseUrl: `${slack.origin}/hooks/1`, isEphemeral: true }, MESSAGE, { replaceOriginal: true });
      expect(rateLimit.waits).toEqual([2000]);
      expect(slack.received).toHaveLength(2);
      expect(JSON.parse(slack.received[1]!.body)).toMatchObject({ replace_original: true, text: 'Marked success.' });
    } finally {
      await slack.close();
    }
  });

  it('gives up with a clear message when Slack keeps answering 429 past the policy\'s total wait', async () => {
    const slack = await startScripted([{ status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } }]);
    const rateLimit = recordedPolicy(2500);
    const replies = createSlackReplies({ fetch, web: async () => new WebClient(TOKEN), responseUrlOrigins: [slack.origin], rateLimit });
    try {
      await expect(
        replies.reply({ userId: 'U1', responseUrl: `${slack.origin}/hooks/1`, isEphemeral: true }, MESSAGE, { replaceOriginal: false }),
      ).rejects.toMatchObject({
        kind: 'unavailable',
        userMessage: 'Slack is limiting how fast the bot may answer. Wait a minute, then press Refresh or run the command again.',
      });
      expect(slack.received).toHaveLength(3);
      expect(rateLimit.waits).toEqual([1000, 1000]);
    } finally {
      await slack.close();
    }
  });

  it('does not wait for a Retry-After longer than the worker can afford', async () => {
    const slack = await startScripted([{ status: 429, body: 'rate_limited', headers: { 'retry-after': '600' } }]);
    const rateLimit = recordedPolicy();
    const replies = createSlackReplies({ fetch, web: async () => new WebClient(TOKEN), responseUrlOrigins: [slack.origin], rateLimit });
    try {
      await expect(
        replies.reply({ userId: 'U1', responseUrl: `${slack.origin}/hooks/1`, isEphemeral: true }, MESSAGE, { replaceOriginal: false }),
      ).rejects.toMatchObject({ kind: 'unavailable' });
      expect(rateLimit.waits).toEqual([]);
      expect(slack.received).toHaveLength(1);
    } finally {
      await slack.close();
    }
  });

  it('waits out a 429 on chat.update for its Retry-After and updates the card exactly once', async () => {
    const slack = await startScripted([
      { status: 429, body: '{"ok":false,"error":"ratelimited"}', headers: { 'retry-after': '3', 'content-type': 'application/json' } },
      { status: 200, body: '{"ok":true,"channel":"C1","ts":"1.2"}', headers: { 'content-type': 'application/json' } },
    ]);
    const rateLimit = recordedPolicy();
    const web = new WebClient(TOKEN, slackWebClientOptions(`${slack.origin}/api/`));
    const replies = createSlackReplies({ fetch, web: async () => web, rateLimit });
    try {
      await replies.reply({ userId: 'U1', channelId: 'C1', messageTs: '1.2', isEphemeral: false }, MESSAGE, { replaceOriginal: true });
      expect(rateLimit.waits).toEqual([3000]);
      expect(slack.received.map((r) => r.url)).toEqual(['/api/chat.update', '/api/chat.update']);
    } finally {
      await slack.close();
    }
  });

  it('still tells the user when a response URL has expired: an ephemeral message in the channel instead', async () => {
    const replies = createSlackReplies({
      fetch,
      web: async () => new WebClient(TOKEN, { slackApiUrl: standIn.apiUrl }),
      responseUrlOrigins: [new URL(standIn.url).origin],
    });
    const expired = `${new URL(standIn.url).origin}/hooks/no-longer-valid`;
    const before = standIn.events.length;
    await replies.reply({ userId: 'ULOCAL0001', channelId: 'CDEMO00001', responseUrl: expired, isEphemeral: true }, MESSAGE, {
      replaceOriginal: true,
    });
    const events = standIn.events.slice(before);
    expect(events.map((e) => e.kind === 'response_url' ? 'response_url' : e.method)).toEqual(['response_url', 'chat.postEphemeral']);
    expect(standIn.messages.at(-1)).toMatchObject({ channel: 'CDEMO00001', ephemeral: true, text: 'Marked success.' });
  });

  it('says the message is too old when a response URL has expired and there is no channel to answer in', async () => {
    const replies = createSlackReplies({
      fetch,
      web: async () => new WebClient(TOKEN, { slackApiUrl: standIn.apiUrl }),
      responseUrlOrigins: [new URL(standIn.url).origin],
    });
    const expired = `${new URL(standIn.url).origin}/hooks/no-longer-valid`;
    await expect(replies.reply({ userId: 'U1', responseUrl: expired, isEphemeral: true }, MESSAGE, { replaceOriginal: false })).rejects.toMatchObject({
      kind: 'unavailable',
      userMessage: 'This message is too old to be updated (Slack allows 30 minutes). Run the command again for a fresh one.',
    });
  });
});
