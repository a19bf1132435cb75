import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalStack, type LocalStack } from '../../src/local/local-stack';
import { LOCAL_SIGNING_SECRET } from '../../src/local/local-settings';
import { buildSlashCommandBody } from '../../src/local/slack-cli/slash-command-body';
import { LOCAL_IDENTITY, newTriggerId } from '../../src/local/slack-cli/slack-identity';
import { signSlackRequest } from '../../src/local/slack-signing';

const AIRFLOW_LATENCY_MS = 10_000;

/** Slack gives 3 seconds to acknowledge; this Airflow takes 10 to answer anything. */
describe('with an Airflow that answers after 10 seconds', () => {
  let stack: LocalStack;
  let directory: string;

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'airflow-slack-ops-slow-'));
    stack = await startLocalStack({
      ports: { bot: 0, slackStandIn: 0, demoAirflowV1: 0, demoAirflowV2: 0 },
      stateDirectory: directory,
      airflowLatencyMs: AIRFLOW_LATENCY_MS,
      airflowTimeoutMs: 3 * AIRFLOW_LATENCY_MS,
      logLevel: 'silent',
    });
  });

  afterAll(async () => {
    await stack.close();
    rmSync(directory, { recursive: true, force: true });
  });

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
