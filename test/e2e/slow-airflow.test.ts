import type { LocalStack } from '../../local/local-stack';
import { LOCAL_SIGNING_SECRET } from '../../local/local-settings';
import { buildSlashCommandBody } from '../../local/slack-cli/slash-command-body';
import { LOCAL_IDENTITY, newTriggerId } from '../../local/slack-cli/slack-identity';
import { signSlackRequest } from '../../local/slack-signing';
import { startTestStack } from './local-stack-fixture';

const AIRFLOW_LATENCY_MS = 10_000;

/** Slack gives 3 seconds to acknowledge; this Airflow takes 10 to answer anything. */
describe('with an Airflow that answers after 10 seconds', () => {
  let stack: LocalStack;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ stack, close } = await startTestStack({
      airflowLatencyMs: AIRFLOW_LATENCY_MS,
      airflowTimeoutMs: 3 * AIRFLOW_LATENCY_MS,
    }));
  });

  afterAll(() => close());

  it('acknowledges a slash command in under a second; the answer arrives later through response_url', async () => {
    const responseUrl = stack.standIn.newResponseUrl({ channelId: LOCAL_IDENTITY.channel.id });
    const body = buildSlashCommandBody({
      command: '/airflow',
      text: 'ti demo-v1 etl_daily latest transform',
      responseUrl,
      triggerId: newTriggerId(),
      identity: LOCAL_IDENTITY,
    });
    const started = Date.now();
    const response = await fetch(stack.slackEventsUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...signSlackRequest(LOCAL_SIGNING_SECRET, body, Math.floor(started / 1000)),
      },
      body,
    });
    const acknowledgedAfterMs = Date.now() - started;

    expect(response.status).toBe(200);
    expect(acknowledgedAfterMs).toBeLessThan(1000);
    expect((await response.json()) as unknown).toMatchObject({ text: expect.stringContaining('Looking up etl_daily / transform') });

    const answer = await stack.standIn.waitForEvent(
      (event) => event.kind === 'response_url' && event.url === responseUrl,
      6 * AIRFLOW_LATENCY_MS,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(AIRFLOW_LATENCY_MS);
    expect(JSON.stringify(answer.body)).toContain('Demo Airflow 2');
  }, 90_000);
});
