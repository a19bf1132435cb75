import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { createAlertAcceptor } from '../../src/alerts/accept-alert';
import { inProcessAlertDispatch } from '../../src/alerts/alert-dispatch';
import type { AlertEvent } from '../../src/alerts/alert-event';
import { createAlertsEndpoint } from '../../src/alerts/alerts-endpoint';
import { processAlert } from '../../src/alerts/process-alert';
import { parseDeployments } from '../../src/config/parse-deployments';
import { createSecretCache } from '../../src/credentials/secret-cache';
import { createDynamoDbRunOnce } from '../../src/idempotency/run-once-dynamodb';
import { BOT_TABLES } from '../../local/local-dynamodb';
import { MemorySecretSource } from '../credentials/memory-secret-source';
import { recordingMetrics } from '../helpers/recording-metrics';
import { newWebhookSecret, signedWebhookEvent } from '../helpers/signed-webhook';
import { ALERT_TABLE, alertMessages, failedTasks, newMessages, startAlertHarness, type AlertHarness } from './alert-harness';

const SECRET = newWebhookSecret();
const OTHER_SECRET = newWebhookSecret();

const registry = parseDeployments(
  {
    deployments: [
      { name: 'prod', apiUrl: 'https://airflow.example.com', auth: 'bearer', secretId: 'airflow/prod' },
      { name: 'staging', apiUrl: 'https://staging.example.com', auth: 'bearer', secretId: 'airflow/staging' },
    ],
    sources: [
      { name: 'airflow-prod', secretId: 'sources/airflow-prod', deployments: ['prod'] },
      { name: 'other', secretId: 'sources/other', deployments: ['prod'] },
    ],
  },
  'test registry',
);

const [TI] = failedTasks(1, 1);
const EVENT = { version: 1, event: 'task_instance.failed', deployment: 'prod', dag_id: TI!.dagId, run_id: TI!.runId, task_id: TI!.taskId };

async function setUp(harness: AlertHarness) {
  const background = inProcessAlertDispatch((job) => processAlert(job, harness.deps), harness.deps.logger);
  const metrics = recordingMetrics();
  const endpoint = createAlertsEndpoint({
    metrics,
    registry,
    secrets: createSecretCache(
      new MemorySecretSource({
        'sources/airflow-prod': JSON.stringify({ secrets: [SECRET] }),
        'sources/other': JSON.stringify({ secrets: [OTHER_SECRET] }),
      }),
    ),
    logger: harness.deps.logger,
    acceptor: createAlertAcceptor({
      once: createDynamoDbRunOnce({ client: harness.dynamo.client, tableName: BOT_TABLES.idempotency.name, logger: harness.deps.logger }),
      dispatch: background.dispatch,
    }),
  });
  const send = async (overrides: Partial<Parameters<typeof signedWebhookEvent>[0]> = {}) => {
    const response = await endpoint(
      signedWebhookEvent({ route: 'alerts', source: 'airflow-prod', secret: SECRET, body: JSON.stringify(EVENT), ...overrides }),
    );
    await background.drain();
    return { status: response.statusCode, body: JSON.parse(response.body) as unknown };
  };
  // Alert state and the delivery's idempotency record: nothing in either for a refused event.
  const items = async () =>
    (
      await Promise.all(
        [ALERT_TABLE, BOT_TABLES.idempotency.name].map(async (TableName) => (await harness.dynamo.client.send(new ScanCommand({ TableName }))).Items ?? []),
      )
    ).flat();
  return { send, items, metrics };
}

describe('POST /alerts/{source}', () => {
  let harness: AlertHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('accepts a signed event, shows it, and answers a redelivery 200 without posting anything new', async () => {
    harness = await startAlertHarness([TI!]);
    const { send, metrics } = await setUp(harness);

    const first = await send({ id: 'msg_once' });
    const seen = harness.slack.events.length;
    const again = await send({ id: 'msg_once' });

    expect(first).toEqual({ status: 202, body: { status: 'accepted' } });
    expect(again).toEqual({ status: 200, body: { status: 'duplicate' } });
    expect(newMessages(harness.slack)).toHaveLength(1);
    expect(harness.slack.events.length).toBe(seen);
    expect(alertMessages(harness.slack)[0]?.text).toContain('etl_daily is failing in Production');
    // The duplicate is neither accepted again nor refused.
    expect(metrics.calls).toEqual([{ method: 'eventAccepted', args: ['prod'] }]);
  });

  const now = Math.floor(Date.now() / 1000);
  const refusals: [string, Partial<Parameters<typeof signedWebhookEvent>[0]>, number, string | undefined][] = [
    ['a wrong signature', { signature: 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' }, 401, undefined],
    ["another source's secret", { secret: OTHER_SECRET }, 401, undefined],
    ['a timestamp 6 minutes old', { timestamp: now - 360 }, 401, undefined],
    ['a timestamp 6 minutes ahead', { timestamp: now + 360 }, 401, undefined],
    ['a missing signature header', { omit: ['webhook-signature'] }, 401, undefined],
    ['an unknown source', { source: 'nobody' }, 401, undefined],
    ['a 300 KiB body', { body: JSON.stringify({ ...EVENT, exception: 'x'.repeat(300 * 1024) }) }, 413, undefined],
    ['a body that is not JSON', { body: '{"version": 1,' }, 400, undefined],
    ['a JSON array', { body: '[]' }, 400, '(body)'],
    ['a field of the wrong type', { body: JSON.stringify({ ...EVENT, map_index: 'first' }) }, 400, 'map_index'],
    ['an unknown event type', { body: JSON.stringify({ ...EVENT, event: 'task_instance.exploded' }) }, 400, 'event'],
    ['a deployment the source may not report on', { body: JSON.stringify({ ...EVENT, deployment: 'staging' }) }, 403, 'deployment'],
  ];

  it.each(refusals)('refuses %s, posts nothing, writes nothing and counts one refusal', async (_name, overrides, status, field) => {
    harness = await startAlertHarness([TI!]);
    const { send, items, metrics } = await setUp(harness);

    const response = await send(overrides);

    expect(response.status).toBe(status);
    const error = (response.body as { error: { field?: string } }).error;
    expect(error.field).toBe(field === '(body)' ? undefined : field);
    expect(harness.slack.events).toEqual([]);
    expect(await items()).toEqual([]);
    expect(metrics.calls).toEqual([{ method: 'eventRefused', args: [status] }]);
  });

  const badIds: [string, string, string, string][] = [
    ['`..` as run id', 'run_id', '..', 'run_id: must not be empty, `.` or `..` (percent-encoded or not)'],
    ['`%2e%2e` as task id', 'task_id', '%2e%2e', 'task_id: must not be empty, `.` or `..` (percent-encoded or not)'],
    ['`%252E.` as DAG id', 'dag_id', '%252E.', 'dag_id: must not be empty, `.` or `..` (percent-encoded or not)'],
    ['a lone surrogate in the run id', 'run_id', 'manual__\ud800', 'run_id: must be well-formed text (it holds a lone surrogate)'],
    ['a lone surrogate as task id', 'task_id', '\udc00', 'task_id: must be well-formed text (it holds a lone surrogate)'],
  ];

  it.each(badIds)('answers 400 to %s, naming the field, and stores, hands on and posts nothing', async (_name, field, id, message) => {
    harness = await startAlertHarness([TI!]);
    const { send, items } = await setUp(harness);

    const response = await send({ body: JSON.stringify({ ...EVENT, [field]: id }) });

    expect(response).toEqual({ status: 400, body: { error: { code: 'invalid', message, field } } });
    expect(await items()).toEqual([]);
    expect(harness.slack.events).toEqual([]);
    expect(harness.airflow.calls).toEqual([]);
  });

  it('drops a job with a `..` run id that reached the alert worker without passing the endpoint, and does not fail', async () => {
    harness = await startAlertHarness([TI!]);

    await processAlert({ kind: 'alert', source: 'airflow-prod', webhookId: 'msg_dots', event: { ...EVENT, run_id: '..' } as AlertEvent }, harness.deps);

    expect(harness.airflow.calls).toEqual([]);
    expect(harness.slack.events).toEqual([]);
    expect(harness.logLines).toEqual([
      expect.objectContaining({ msg: 'alert job that is not an alert event dropped', webhookId: 'msg_dots', field: 'run_id' }),
    ]);
  });

  it('refuses a body with one byte changed after signing, and hands nothing on', async () => {
    harness = await startAlertHarness([TI!]);
    const body = JSON.stringify(EVENT);
    const signed = signedWebhookEvent({ route: 'alerts', source: 'airflow-prod', secret: SECRET, body });
    const accepted: unknown[] = [];
    const endpoint = createAlertsEndpoint({
      registry,
      metrics: recordingMetrics(),
      secrets: createSecretCache(new MemorySecretSource({ 'sources/airflow-prod': JSON.stringify({ secrets: [SECRET] }) })),
      logger: harness.deps.logger,
      acceptor: {
        accept: async (job) => {
          accepted.push(job);
          return 'accepted';
        },
      },
    });

    const response = await endpoint({ ...signed, body: body.replace('"prod"', '"prud"') });

    expect(response.statusCode).toBe(401);
    expect(accepted).toEqual([]);
  });
});
