import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { slackWebClientOptions } from '../../src/slack-replies/web-client';
import { processAlert } from '../../src/alerts/process-alert';
import { LOCAL_BOT_TOKEN } from '../../local/local-settings';
import { readRequestBody } from '../../local/read-request-body';
import { alertMessages, failedTasks, startAlertHarness, taskJob, type AlertHarness } from './alert-harness';

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
    const rateLimit = { attempts: 3, maxWaitMs: 500, sleep: async (ms: number) => void waits.push(ms) };

    await expect(processAlert(taskJob(ti!, 'task_instance.failed', 'msg_1'), { ...harness.deps, web: async () => web, rateLimit })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 1,
    });
    expect(limited.attempts).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(alertMessages(harness.slack)).toHaveLength(0);
  });
});
