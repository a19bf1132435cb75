import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { slackWebClientOptions } from '../../src/slack-replies/web-client';
import { processAlert } from '../../src/alerts/process-alert';
import { LOCAL_BOT_TOKEN } from '../../local/local-settings';
import { readRequestBody } from '../../local/read-request-body';
import { rateLimitPolicyFor } from '../../src/slack-replies/rate-limit';
import { SLACK_WAIT_RESERVE_MS } from '../../src/runtime/alert-worker-from-env';
import { createLambdaContext } from '../../local/lambda-context';
import { alertMessages, blockText, failedTasks, newMessages, startAlertHarness, taskJob, type AlertHarness } from './alert-harness';

/** The run an alert (or the body of its post) is about. */
function runOf(message: { blocks: unknown }): string | undefined {
  return /run <[^|]*\|([^>]+)>/.exec(blockText(message as Parameters<typeof blockText>[0]))?.[1];
}

/** In front of the Slack stand-in: answers the first `chat.postMessage` with 429 and `Retry-After: 1`. */
async function rateLimitingProxy(target: string): Promise<{ url: string; attempts: number[]; server: Server }> {
  const attempts: number[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readRequestBody(request);
      if (request.url?.endsWith('/chat.postMessage')) {
        attempts.push(Date.now());
        if (attempts.length === 1) {
          response.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
          response.end('{"ok":false,"error":"ratelimited"}');
          return;
        }
      }
      const forwarded = await fetch(`${target}${request.url?.replace(/^\/api\//, '') ?? ''}`, {
        method: request.method ?? 'POST',
        headers: { 'content-type': request.headers['content-type'] ?? 'application/x-www-form-urlencoded', authorization: request.headers.authorization ?? '' },
        body: body.toString('utf8'),
      });
      response.writeHead(forwarded.status, { 'content-type': forwarded.headers.get('content-type') ?? 'application/json' });
      response.end(await forwarded.text());
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, attempts, server };
}

describe('Slack rate limits', () => {
  let harness: AlertHarness | undefined;
  let proxy: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (proxy === undefined ? resolve() : proxy.close(() => resolve())));
    await harness?.close();
    harness = undefined;
    proxy = undefined;
  });

  it('waits out a 429 with Retry-After and then posts the alert once', async () => {
    const [ti] = failedTasks(1, 1);
    harness = await startAlertHarness([ti!]);
    const limited = await rateLimitingProxy(harness.slack.apiUrl);
    proxy = limited.server;
    const web = new WebClient(LOCAL_BOT_TOKEN, slackWebClientOptions(limited.url));

    await processAlert(taskJob(ti!, 'task_instance.failed', 'msg_1'), { ...harness.deps, web: async () => web });

    expect(limited.attempts).toHaveLength(2);
    expect(limited.attempts[1]! - limited.attempts[0]!).toBeGreaterThanOrEqual(1000);
    expect(alertMessages(harness.slack)).toHaveLength(1);
  });

  it('gives up on a 429 whose Retry-After is longer than the policy waits, posting nothing', async () => {
    const [ti] = failedTasks(1, 1);
    harness = await startAlertHarness([ti!]);
    const limited = await rateLimitingProxy(harness.slack.apiUrl);
    proxy = limited.server;
    const web = new WebClient(LOCAL_BOT_TOKEN, slackWebClientOptions(limited.url));
    const waits: number[] = [];
    const rateLimit = { maxTotalWaitMs: 500, jitter: 0, random: () => 0, sleep: async (ms: number) => void waits.push(ms) };

    await expect(processAlert(taskJob(ti!, 'task_instance.failed', 'msg_1'), { ...harness.deps, web: async () => web, rateLimit })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 1,
    });
    expect(limited.attempts).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(alertMessages(harness.slack)).toHaveLength(0);
  });

  it('posts all 25 alerts of a burst into one channel, in turn, waiting out the 429s past the burst', async () => {
    const tis = failedTasks(25, 1);
    harness = await startAlertHarness(tis);
    const { deps, slack } = harness;
    const started = Date.now();

    await Promise.all(tis.map((ti, i) => processAlert(taskJob(ti, 'task_instance.failed', `msg_${i}`), deps)));

    const elapsed = Date.now() - started;
    const alerts = alertMessages(slack);
    expect(alerts).toHaveLength(25);
    expect(new Set(alerts.map((message) => runOf(message))).size).toBe(25);
    // Each top-level post the stand-in saw is a message or a 429 (a refused call stores nothing).
    const attempts = newMessages(slack).map((event) => runOf(event.body as { blocks: unknown }));
    const refused = attempts.length - alerts.length;
    // Slack's burst is 10, then one a second: most of the other 15 met one 429, none met two,
    // because the posts into the channel take turns instead of all coming back at once.
    expect(refused).toBeGreaterThanOrEqual(10);
    expect(refused).toBeLessThanOrEqual(15);
    // Taking turns: a refused post is tried again before any other run's post goes.
    const runsInTurn = attempts.filter((run, i) => run !== attempts[i - 1]);
    expect(new Set(runsInTurn).size).toBe(runsInTurn.length);
    expect(alerts.map((message) => runOf(message))).toEqual(runsInTurn);
    expect(elapsed).toBeLessThan(30_000);
    expect(harness.logLines.filter((line) => line.level === 'error')).toEqual([]);
  }, 120_000);

  it('fails fast with the rate-limit error when Slack asks for a longer wait than the invocation has left', async () => {
    const [first, second] = failedTasks(2, 1);
    // One post, then one every 20 seconds: the second alert is told `Retry-After: 20`.
    harness = await startAlertHarness([first!, second!], { slackRateLimits: { postMessageBurst: 1, postMessagePerSecond: 0.05 } });
    const { deps, slack } = harness;
    await processAlert(taskJob(first!, 'task_instance.failed', 'msg_1'), deps);
    const seen = slack.messages.length;
    // 30 s left, 15 of them kept for the work after a wait: 15 s to wait, less than Slack asks.
    const context = createLambdaContext({ functionName: 'alertWorker', timeoutMs: 30_000 });
    const started = Date.now();

    await expect(
      processAlert(taskJob(second!, 'task_instance.failed', 'msg_2'), { ...deps, rateLimit: rateLimitPolicyFor(context, SLACK_WAIT_RESERVE_MS) }),
    ).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 20 });

    expect(Date.now() - started).toBeLessThan(5_000);
    expect(slack.messages.length).toBe(seen);
    expect(newMessages(slack)).toHaveLength(2);
  });
});
