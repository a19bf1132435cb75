/**
 * Part of `npm run bench`: an alert storm. 200 signed events (10 failed task instances in each of
 * 20 runs) are posted at once through the alerts endpoint (signature check, schema, `webhook-id`
 * records), handed on in process to the alert worker, which keeps its state in DynamoDB (dynalite,
 * in process) and talks to the Slack stand-in over HTTP. Airflow is an in-memory stand-in here:
 * the demo Airflows do not have 20 runs of 10 tasks. Prints figures; asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { createDynamoDbRunOnce } from '../src/idempotency/run-once-dynamodb';
import { WebClient } from '@slack/web-api';
import { slackWebClientOptions } from '../src/slack-replies/web-client';
import type { AirflowClient } from '../src/airflow/client';
import type { TaskInstance } from '../src/airflow/model';
import { createAlertAcceptor } from '../src/alerts/accept-alert';
import { inProcessAlertDispatch } from '../src/alerts/alert-dispatch';
import { createDynamoDbAlertStore } from '../src/alerts/alert-store';
import { createAlertsEndpoint } from '../src/alerts/alerts-endpoint';
import { processAlert, type AlertProcessorDeps } from '../src/alerts/process-alert';
import { parseDeployments } from '../src/config/parse-deployments';
import { createSecretCache } from '../src/credentials/secret-cache';
import type { SecretSource } from '../src/credentials/types';
import { apiGatewayEventV2 } from '../local/api-gateway-event';
import { createLambdaContext } from '../local/lambda-context';
import { LOCAL_ALERT_SECRET } from '../local/alerts/local-alert-settings';
import { BOT_TABLES, startLocalDynamoDb } from '../local/local-dynamodb';
import { LOCAL_BOT_TOKEN, LOCAL_CHANNEL } from '../local/local-settings';
import { startSlackStandIn } from '../local/slack-stand-in';
import { createLogger } from '../src/logging/logger';
import { createBotMetrics } from '../src/metrics/bot-metrics';
import { Webhook } from 'standardwebhooks';

const RUNS = 20;
const TASKS_PER_RUN = 10;
const TABLE = 'bench-alerts';

/** Runs the storm and prints what it cost. */
export async function benchAlertStorm(print: (line: string) => void): Promise<void> {
  const dynamo = await startLocalDynamoDb();
  await dynamo.createTable(TABLE);
  const slack = await startSlackStandIn({ botToken: LOCAL_BOT_TOKEN });
  try {
    const tis = stormTaskInstances();
    const logger = createLogger({ level: 'silent' });
    const registry = parseDeployments(
      {
        deployments: [{ name: 'prod', apiUrl: 'https://airflow.example.com', auth: 'bearer', secretId: 'airflow/prod', defaultChannels: [LOCAL_CHANNEL.id] }],
        sources: [{ name: 'airflow-prod', secretId: 'sources/airflow-prod', deployments: ['prod'] }],
      },
      'bench registry',
    );
    const web = new WebClient(LOCAL_BOT_TOKEN, slackWebClientOptions(slack.apiUrl));
    const deps: AlertProcessorDeps = {
      registry,
      airflow: { get: () => memoryAirflow(tis) },
      store: createDynamoDbAlertStore({ client: dynamo.documents, tableName: TABLE, clock: Date.now }),
      web: async () => web,
      logger,
      clock: Date.now,
      coalesceMs: 100,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      newOwner: randomUUID,
    };
    const background = inProcessAlertDispatch((job) => processAlert(job, deps), logger);
    const secrets: SecretSource = { getSecretString: async () => JSON.stringify({ secrets: [LOCAL_ALERT_SECRET] }) };
    const endpoint = createAlertsEndpoint({
      registry,
      // Counted as in AWS, never flushed: the bench prints its own figures.
      metrics: createBotMetrics({ logger }),
      secrets: createSecretCache(secrets),
      logger,
      acceptor: createAlertAcceptor({
        once: createDynamoDbRunOnce({ client: dynamo.client, tableName: BOT_TABLES.idempotency.name, logger }),
        dispatch: background.dispatch,
      }),
    });

    const started = performance.now();
    const answers = await Promise.all(tis.map((ti, i) => endpoint(signedEvent(ti, `msg_${i}`), createLambdaContext())));
    const acceptedMs = performance.now() - started;
    await background.drain();
    const lastUpdateMs = Math.max(...slack.events.map((event) => event.at)) - (performance.timeOrigin + started);

    const calls = (method: string, thread: boolean) =>
      slack.events.filter((e) => e.method === method && ((e.body as { thread_ts?: string }).thread_ts !== undefined) === thread).length;
    const messages = slack.messages.filter((m) => m.origin === 'chat.postMessage' && m.threadTs === undefined);
    // Lines of the task list (the first task also has the card above it).
    const listed = messages.reduce((sum, m) => sum + (JSON.stringify(m.blocks).match(/:x: `task_\d\d` failed/g)?.length ?? 0), 0);
    print(`\nAlert storm: ${tis.length} events over ${RUNS} runs (${TASKS_PER_RUN} failed tasks each), sent at once`);
    print(`  all accepted (HTTP ${[...new Set(answers.map((a) => a.statusCode))].join(', ')}) in ${acceptedMs.toFixed(0)} ms`);
    print(`  time to the last Slack update    ${lastUpdateMs.toFixed(0)} ms`);
    print(`  Slack calls                      ${slack.events.length}: ${calls('chat.postMessage', false)} chat.postMessage, ${calls('chat.update', false)} chat.update, ${calls('chat.postMessage', true)} thread posts`);
    print(`  alert messages                   ${messages.length} (one per run: ${messages.length === RUNS ? 'yes' : 'NO'})`);
    print(`  task lines on them               ${listed} (${listed === tis.length ? 'every event, no duplicates' : 'MISMATCH'})`);
  } finally {
    await Promise.all([slack.close(), dynamo.close()]);
  }
}

function stormTaskInstances(): TaskInstance[] {
  const tis: TaskInstance[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    for (let task = 0; task < TASKS_PER_RUN; task += 1) {
      tis.push({
        dagId: 'etl_storm',
        runId: `scheduled__run_${String(run).padStart(2, '0')}`,
        taskId: `task_${String(task).padStart(2, '0')}`,
        mapIndex: -1,
        state: 'failed',
        tryNumber: 1,
        maxTries: 0,
        startDate: '2026-11-22T01:00:00+00:00',
        endDate: '2026-11-22T01:05:00+00:00',
        durationSeconds: 300,
        logicalDate: null,
        operator: 'PythonOperator',
        hostname: 'worker-1',
        pool: 'default_pool',
        queue: 'default',
        note: null,
        renderedMapIndex: null,
      });
    }
  }
  return tis;
}

function signedEvent(ti: TaskInstance, id: string) {
  const body = JSON.stringify({ version: 1, event: 'task_instance.failed', deployment: 'prod', dag_id: ti.dagId, run_id: ti.runId, task_id: ti.taskId });
  const now = new Date();
  return apiGatewayEventV2({
    method: 'POST',
    rawPath: '/alerts/airflow-prod',
    rawQueryString: '',
    headers: [
      ['content-type', 'application/json'],
      ['webhook-id', id],
      ['webhook-timestamp', String(Math.floor(now.getTime() / 1000))],
      ['webhook-signature', new Webhook(LOCAL_ALERT_SECRET).sign(id, now, body)],
    ],
    body: Buffer.from(body),
    routeKey: 'POST /alerts/{source}',
    pathParameters: { source: 'airflow-prod' },
    timeEpoch: now.getTime(),
  });
}

const STORM_LOG = ['INFO start', 'Traceback (most recent call last):', 'ValueError: storm'];

/** Airflow answering from memory: the storm measures the bot, not an Airflow. */
function memoryAirflow(tis: readonly TaskInstance[]): AirflowClient {
  const find = (ref: { runId: string; taskId: string }) => {
    const ti = tis.find((candidate) => candidate.runId === ref.runId && candidate.taskId === ref.taskId);
    if (ti === undefined) throw new Error('no such task instance');
    return ti;
  };
  const unused = async (): Promise<never> => {
    throw new Error('not used by alerts');
  };
  return {
    deploymentName: 'prod',
    version: async () => ({ dialect: 'v2', version: '3.1.0' }),
    getTaskInstance: async (ref) => ({ ...find(ref) }),
    listTaskInstances: async (_dag, runId) => tis.filter((ti) => ti.runId === runId),
    readLog: async (_ref, _try, onLine) => {
      for (const line of STORM_LOG) onLine(line);
      return { format: 'text', bytesRead: STORM_LOG.join('\n').length };
    },
    credentialValues: async () => [],
    probe: unused,
    listFailedTaskInstances: unused,
    listEndedTaskInstances: unused,
    listEndedRuns: unused,
    listDags: unused,
    recentRuns: unused,
    resolveRun: unused,
    listPendingHitl: unused,
    getHitl: unused,
    answerHitl: unused,
    listTries: unused,
    extraLinks: unused,
    previewAction: unused,
    applyAction: unused,
    setNote: unused,
  };
}
