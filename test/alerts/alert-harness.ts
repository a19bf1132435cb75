import { WebClient } from '@slack/web-api';
import { slackWebClientOptions } from '../../src/slack-replies/web-client';
import type { TaskInstance } from '../../src/airflow/model';
import type { AlertEvent } from '../../src/alerts/alert-event';
import { createDynamoDbAlertLog } from '../../src/alert-log/alert-log';
import { createDynamoDbAlertStore } from '../../src/alerts/alert-store';
import type { AlertJob, AlertProcessorDeps } from '../../src/alerts/process-alert';
import { parseDeployments } from '../../src/config/parse-deployments';
import { createBotMetrics, type BotMetrics } from '../../src/metrics/bot-metrics';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../local/local-dynamodb';
import { LOCAL_BOT_TOKEN, LOCAL_CHANNEL } from '../../local/local-settings';
import { startSlackStandIn, type SlackStandIn, type SlackStandInOptions } from '../../local/slack-stand-in';
import type { StandInEvent, StandInMessage } from '../../local/slack-stand-in/types';
import { collectingLogger } from '../audit/collecting-logger';
import { FakeAirflowClient, failedTaskInstance } from '../helpers/fake-airflow-client';

export const ALERT_TABLE = 'alerts';
export const RUN_ID = 'scheduled__2026-11-22T00:00:00+00:00';
export const T0 = Date.parse('2026-11-23T09:00:00Z');
/** The `service` dimension of the harness's metrics. */
export const METRICS_SERVICE = 'airflow-slack-ops-test';

/** Everything the alert processor talks to, for real where it matters: DynamoDB (dynalite) and Slack (the stand-in). */
export interface AlertHarness {
  dynamo: LocalDynamoDb;
  slack: SlackStandIn;
  airflow: FakeAirflowClient;
  deps: AlertProcessorDeps;
  logLines: Record<string, unknown>[];
  /** The processor's metrics (Powertools), written only when a test flushes them. */
  metrics: BotMetrics;
  /** Moves the processor's clock. */
  setNow(millis: number): void;
  close(): Promise<void>;
}

/** `count` failed task instances `task_00`… of `runs` runs `run_00`… of `etl_daily`. */
export function failedTasks(runs: number, count: number, overrides: Partial<TaskInstance> = {}): TaskInstance[] {
  const tis: TaskInstance[] = [];
  for (let run = 0; run < runs; run += 1) {
    for (let task = 0; task < count; task += 1) {
      tis.push(
        failedTaskInstance({
          runId: runs === 1 ? RUN_ID : `run_${String(run).padStart(2, '0')}`,
          taskId: `task_${String(task).padStart(2, '0')}`,
          tryNumber: 1,
          maxTries: 2,
          ...overrides,
        }),
      );
    }
  }
  return tis;
}

export async function startAlertHarness(
  tis: TaskInstance[],
  options: {
    coalesceMs?: number;
    route?: { remindAfter?: string; digest?: string };
    /** Slack's rate limits in the stand-in; a storm of alerts into one channel lifts them, saying why. */
    slackRateLimits?: SlackStandInOptions['rateLimits'];
  } = {},
): Promise<AlertHarness> {
  const dynamo = await startLocalDynamoDb();
  await dynamo.createTable(ALERT_TABLE);
  const slack = await startSlackStandIn({
    botToken: LOCAL_BOT_TOKEN,
    ...(options.slackRateLimits === undefined ? {} : { rateLimits: options.slackRateLimits }),
  });
  const airflow = new FakeAirflowClient('prod', tis);
  const registry = parseDeployments(
    {
      deployments: [
        {
          name: 'prod',
          displayName: 'Production',
          apiUrl: 'https://airflow.example.com',
          auth: 'bearer',
          secretId: 'airflow/prod',
          actors: { users: ['ULOCAL0001'] },
          alertRoutes: [{ dags: 'etl_*', channel: LOCAL_CHANNEL.id, mention: 'S0ONCALL01', ...options.route }],
        },
      ],
    },
    'test registry',
  );
  let now = T0;
  const { logger, lines } = collectingLogger();
  const web = new WebClient(LOCAL_BOT_TOKEN, slackWebClientOptions(slack.apiUrl));
  let owner = 0;
  const metrics = createBotMetrics({ logger, serviceName: METRICS_SERVICE });
  const deps: AlertProcessorDeps = {
    registry,
    airflow: { get: () => airflow },
    store: createDynamoDbAlertStore({ client: dynamo.documents, tableName: ALERT_TABLE, clock: () => now }),
    alertLog: createDynamoDbAlertLog({ client: dynamo.documents, tableName: ALERT_TABLE, clock: () => now }),
    web: async () => web,
    logger,
    clock: () => now,
    coalesceMs: options.coalesceMs ?? 20,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    newOwner: () => `renderer-${++owner}`,
    metrics,
  };
  return {
    dynamo,
    slack,
    airflow,
    deps,
    logLines: lines,
    metrics,
    setNow: (millis) => {
      now = millis;
    },
    close: async () => {
      await Promise.all([slack.close(), dynamo.close()]);
    },
  };
}

/** The job of a task-instance event, as the alerts endpoint hands it on. */
export function taskJob(ti: Pick<TaskInstance, 'dagId' | 'runId' | 'taskId'>, type: AlertEvent['event'], webhookId: string): AlertJob {
  return {
    kind: 'alert',
    source: 'airflow-prod',
    webhookId,
    event: { version: 1, event: type, deployment: 'prod', dag_id: ti.dagId, run_id: ti.runId, task_id: ti.taskId, map_index: -1 } as AlertEvent,
  };
}

/** Top-level `chat.postMessage` calls: new messages, not thread lines. */
export function newMessages(slack: SlackStandIn): StandInEvent[] {
  return slack.events.filter(
    (event) => event.method === 'chat.postMessage' && (event.body as { thread_ts?: string }).thread_ts === undefined,
  );
}

/** Thread replies under `ts`. */
export function threadLines(slack: SlackStandIn, ts: string): string[] {
  return slack.messages.filter((message) => message.threadTs === ts).map((message) => message.text);
}

/** Every text of a message's blocks, joined, to search. */
export function blockText(message: StandInMessage): string {
  return JSON.stringify(message.blocks);
}

/** The alert messages (not thread replies) in the stand-in. */
export function alertMessages(slack: SlackStandIn): StandInMessage[] {
  return slack.messages.filter((message) => message.threadTs === undefined && message.origin === 'chat.postMessage');
}
