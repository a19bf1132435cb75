import { randomUUID } from 'node:crypto';
import { WebClient } from '@slack/web-api';
import { createAirflowClientRegistry } from '../../src/airflow/client-registry';
import { createAlertAcceptor, type AlertAcceptor } from '../../src/alerts/accept-alert';
import { inProcessAlertDispatch } from '../../src/alerts/alert-dispatch';
import { createDynamoDbAlertStore } from '../../src/alerts/alert-store';
import { processAlert, type AlertProcessorDeps } from '../../src/alerts/process-alert';
import { loadAppConfig } from '../../src/config/app-config';
import { parseDeployments } from '../../src/config/parse-deployments';
import type { DeploymentRegistry } from '../../src/config/types';
import { createAirflowCredentialProvider } from '../../src/credentials/airflow-credentials';
import { createSecretCache } from '../../src/credentials/secret-cache';
import { createWatcher } from '../../src/runtime/watcher-runtime';
import type { WatchSettings } from '../../src/watcher/watch-deployment';
import type { TickOutcome } from '../../src/watcher/watch-tick';
import { startCountingProxy, type CountingProxy } from '../../local/counting-proxy';
import { startDemoAirflow, type DemoAirflow } from '../../local/demo-airflow/server';
import { createLambdaContext } from '../../local/lambda-context';
import { BOT_TABLES, startLocalDynamoDb, type LocalDynamoDb } from '../../local/local-dynamodb';
import { LOCAL_BOT_TOKEN } from '../../local/local-settings';
import { startSlackStandIn, type SlackStandIn, type StandInMessage } from '../../local/slack-stand-in';
import { collectingLogger } from '../audit/collecting-logger';
import { MemorySecretSource } from '../credentials/memory-secret-source';
import { recordingMetrics, type RecordedMetric } from '../helpers/recording-metrics';
import { DEMO_NOW } from '../local/demo-airflow/fixtures';
import { createDynamoDbRunOnce } from '../../src/idempotency/run-once-dynamodb';
import type { AirflowClient } from '../../src/airflow/client';
import type { HitlMessageStore } from '../../src/hitl-messages/hitl-message-store';
import { createDynamoDbHitlMessageStore } from '../../src/hitl-messages/hitl-message-store-dynamodb';
import { FakeAirflowClient } from '../helpers/fake-airflow-client';

/** Each demo deployment alerts in its own default channel. */
export const CHANNELS = { 'demo-v1': 'CDEMOV1001', 'demo-v2': 'CDEMOV2001' } as const;
/** Where demo-v2 routes the DAGs `approvals_*` (its alerts and its human-in-the-loop requests). */
export const APPROVALS_CHANNEL = 'CAPPROVE01';
export type DemoName = keyof typeof CHANNELS;

/**
 * The watcher against the two demo Airflows, each behind a counting proxy, with everything it
 * talks to for real: DynamoDB (dynalite), the alert path (acceptor, in-process alert worker,
 * alert store) and Slack (the stand-in). One clock drives the demos and the bot.
 */
export interface WatcherHarness {
  demos: Record<DemoName, DemoAirflow>;
  proxies: Record<DemoName, CountingProxy>;
  slack: SlackStandIn;
  dynamo: LocalDynamoDb;
  registry: DeploymentRegistry;
  /** The alert feature's way in, as the alerts function hands signed events to it. */
  acceptor: AlertAcceptor;
  /** One tick of the watcher, as the schedule invokes it. */
  tick(): Promise<TickOutcome[]>;
  /** Waits until every alert handed on is shown. */
  drain(): Promise<void>;
  now(): number;
  advance(ms: number): void;
  logLines: Record<string, unknown>[];
  /**
   * Each demo's human-in-the-loop requests, in memory: the watcher's clients answer those three
   * calls from here (`addHitl`), everything else from the demo Airflow.
   */
  hitl: Record<DemoName, FakeAirflowClient>;
  /** The human-in-the-loop records the watcher keeps (in the alert table). */
  hitlMessages: HitlMessageStore;
  /** What the watcher and its Airflow clients counted. */
  metricCalls: RecordedMetric[];
  close(): Promise<void>;
}

export async function startWatcherHarness(settings: Partial<WatchSettings> = {}): Promise<WatcherHarness> {
  let now = DEMO_NOW;
  const clock = () => now;
  const [v1, v2] = await Promise.all([startDemoAirflow({ dialect: 'v1', clock }), startDemoAirflow({ dialect: 'v2', clock })]);
  const demos = { 'demo-v1': v1, 'demo-v2': v2 };
  const proxies = { 'demo-v1': await startCountingProxy(v1.url), 'demo-v2': await startCountingProxy(v2.url) };
  const slack = await startSlackStandIn({
    botToken: LOCAL_BOT_TOKEN,
    channels: { [CHANNELS['demo-v1']]: 'demo-v1-alerts', [CHANNELS['demo-v2']]: 'demo-v2-alerts', [APPROVALS_CHANNEL]: 'approvals', CQUIET0001: 'quiet' },
  });
  const dynamo = await startLocalDynamoDb();
  const registry = parseDeployments(
    {
      deployments: [
        { name: 'demo-v1', apiUrl: proxies['demo-v1'].url, dialect: 'v1', auth: 'basic', secretId: 'test/demo-v1', defaultChannels: [CHANNELS['demo-v1']], watch: true },
        {
          name: 'demo-v2',
          apiUrl: proxies['demo-v2'].url,
          dialect: 'v2',
          auth: 'password',
          secretId: 'test/demo-v2',
          defaultChannels: [CHANNELS['demo-v2']],
          alertRoutes: [{ dags: 'approvals_*', channel: APPROVALS_CHANNEL }],
          watch: true,
        },
        // Airflow 2 and not watched: the watcher never asks it (its URL leads nowhere).
        { name: 'quiet', apiUrl: 'http://127.0.0.1:9', dialect: 'v1', auth: 'basic', secretId: 'test/demo-v1', defaultChannels: ['CQUIET0001'] },
      ],
    },
    'watcher test registry',
  );
  const user = JSON.stringify({ username: 'admin', password: 'admin' });
  const secrets = createSecretCache(
    new MemorySecretSource({
      'test/demo-v1': user,
      'test/demo-v2': user,
      'test/slack': JSON.stringify({ signing_secret: 'test-signing-secret', bot_token: LOCAL_BOT_TOKEN }),
    }),
  );
  const { logger, lines } = collectingLogger();
  const metrics = recordingMetrics();
  const clients = () =>
    createAirflowClientRegistry(registry.deployments, {
      credentials: createAirflowCredentialProvider(secrets),
      clock,
      logger,
      retry: { limit: 0, backoffMs: 0 },
      metrics,
    });
  const web = new WebClient(LOCAL_BOT_TOKEN, { slackApiUrl: slack.apiUrl });
  const hitl = { 'demo-v1': new FakeAirflowClient('demo-v1', []), 'demo-v2': new FakeAirflowClient('demo-v2', []) };
  const hitlMessages = createDynamoDbHitlMessageStore({ client: dynamo.documents, tableName: BOT_TABLES.alerts.name, clock });
  const watcherClients = clients();
  const withHitl = (client: AirflowClient): AirflowClient => {
    const fake = hitl[client.deploymentName as DemoName];
    if (fake === undefined) return client;
    return {
      ...client,
      listPendingHitl: () => fake.listPendingHitl(),
      getHitl: (ref) => fake.getHitl(ref),
      answerHitl: (ref, answer) => fake.answerHitl(ref, answer),
    };
  };
  const alertDeps: AlertProcessorDeps = {
    registry,
    airflow: clients(),
    store: createDynamoDbAlertStore({ client: dynamo.documents, tableName: BOT_TABLES.alerts.name, clock }),
    web: async () => web,
    logger,
    clock,
    coalesceMs: 10,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    newOwner: randomUUID,
  };
  const worker = inProcessAlertDispatch((job) => processAlert(job, alertDeps), logger);
  const acceptor = createAlertAcceptor({
    once: createDynamoDbRunOnce({ client: dynamo.client, tableName: BOT_TABLES.idempotency.name, logger }),
    dispatch: worker.dispatch,
  });
  const watcher = createWatcher({
    config: loadAppConfig({ SLACK_SECRET_ID: 'test/slack', SLACK_API_URL: slack.apiUrl }),
    registry,
    secrets,
    logger,
    airflow: { get: (name) => withHitl(watcherClients.get(name)) },
    clock,
    acceptor,
    hitlMessages,
    documents: dynamo.documents,
    alertTable: BOT_TABLES.alerts.name,
    settings,
    metrics,
  });
  return {
    demos,
    proxies,
    slack,
    dynamo,
    registry,
    acceptor,
    tick: () => watcher(createLambdaContext({ functionName: 'watcher', timeoutMs: 60_000 })),
    drain: () => worker.drain(),
    now: clock,
    advance: (ms) => {
      now += ms;
    },
    logLines: lines,
    hitl,
    hitlMessages,
    metricCalls: metrics.calls,
    close: async () => {
      await worker.drain();
      await Promise.all([v1.close(), v2.close(), proxies['demo-v1'].close(), proxies['demo-v2'].close(), slack.close(), dynamo.close()]);
    },
  };
}

/** The alert messages (not thread lines, not notices) posted in a channel. */
export function alertsIn(slack: SlackStandIn, channel: string): StandInMessage[] {
  return slack.messages.filter(
    (message) => message.channel === channel && message.threadTs === undefined && message.origin === 'chat.postMessage' && message.blocks.length > 0,
  );
}

/** The outage notices posted in a channel: plain-text messages of the watcher's own. */
export function noticesIn(slack: SlackStandIn, channel: string): StandInMessage[] {
  return slack.messages.filter((message) => message.channel === channel && message.threadTs === undefined && message.blocks.length === 0);
}

/** The batch list routes a proxy was asked, by kind. */
export function listCalls(proxy: CountingProxy): string[] {
  return proxy.listRequests().map((request) => (request.path.includes('/taskInstances/list') ? 'taskInstances' : 'dagRuns'));
}
