import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { alertWorkerFromEnv } from '../../src/runtime/alert-worker-from-env';
import { alertsFromEnv } from '../../src/runtime/alerts-from-env';
import { createLambdaContext } from '../../local/lambda-context';
import { emfLinesOf } from '../helpers/emf-lines';

const REGISTRY = {
  deployments: [{ name: 'prod', apiUrl: 'http://airflow.test', auth: 'bearer', dialect: 'v2', secretId: 'airflow/prod', defaultChannels: ['CALERTS001'] }],
  sources: [{ name: 'airflow-prod', secretId: 'sources/airflow-prod', deployments: ['prod'] }],
};

/**
 * The functions as Lambda runs them, built from the environment: the metric lines of an invocation
 * are written by the time its promise settles, whether it answers or throws, so nothing is left in
 * a buffer when Lambda freezes the container.
 */
describe('the handlers write their metrics before they return', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'handler-metrics-'));
    const credentials = path.join(dir, 'credentials.json');
    writeFileSync(credentials, JSON.stringify({ 'airflow/prod': { token: 'test-token' }, 'local/slack': { signing_secret: 's', bot_token: 'xoxb-t' } }));
    env = {
      DEPLOYMENTS_JSON: JSON.stringify(REGISTRY),
      LOCAL_CREDENTIALS_FILE: credentials,
      ALERT_TABLE: 'alerts',
      IDEMPOTENCY_TABLE: 'idempotency',
      ALERT_WORKER_FUNCTION_NAME: 'alert-worker',
      AWS_REGION: 'eu-west-1',
      LOG_LEVEL: 'silent',
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('alerts: a refused request is counted by the time the answer is returned', async () => {
    const handler = alertsFromEnv(env);
    const event = {
      routeKey: 'POST /alerts/{source}',
      rawPath: '/alerts/nobody',
      pathParameters: { source: 'nobody' },
      headers: { 'content-type': 'application/json' },
      body: '{}',
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    let status: number | undefined;

    const lines = await emfLinesOf(async () => {
      status = ((await handler(event, createLambdaContext({ functionName: 'alerts' }))) as APIGatewayProxyStructuredResultV2).statusCode;
    });

    expect(status).toBe(401);
    expect(lines.map((line) => [line.status, line.EventsRefused])).toEqual([['401', 1]]);
  });

  it('alertWorker: an Airflow error is counted by the time the job fails', async () => {
    const fetchDown: typeof fetch = async () => new Response('{"detail":"down"}', { status: 503, headers: { 'content-type': 'application/json' } });
    const handler = alertWorkerFromEnv(env, { fetch: fetchDown });
    const job = {
      kind: 'alert' as const,
      source: 'airflow-prod',
      webhookId: 'msg_1',
      event: { version: 1 as const, event: 'dag_run.failed' as const, deployment: 'prod', dag_id: 'etl_daily', run_id: 'manual__1' },
    };
    let failure: unknown;

    const lines = await emfLinesOf(async () => {
      failure = await handler(job).catch((error: unknown) => error);
    });

    expect(failure).toMatchObject({ kind: 'unavailable' });
    expect(lines.map((line) => [line.deployment, line.AirflowErrors])).toEqual([['prod', 1]]);
  }, 20_000);
});
