import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Context } from 'aws-lambda';
import { createLambdaContext } from './lambda-context';
import { loadDeployments } from '../src/config/load-deployments';
import type { DeploymentRegistry } from '../src/config/types';
import { startDemoAirflow, type DemoAirflow } from './demo-airflow/server';
import { LOCAL_STAND_INS_FILE, startPlatformDemos, type PlatformDemos, type PlatformDemosOptions } from './platform-stand-ins/platform-demos';
import { startLambdaHttpBridge, type HttpLambdaHandler, type LambdaHttpBridge } from './lambda-http-bridge';
import { DEMO_USER, demoRegistry, demosUsedBy, localSecrets, type DemoDialect } from './local-registry';
import { BOT_TABLES, startLocalDynamoDb, type LocalDynamoDb } from './local-dynamodb';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  LOCAL_BOT_TOKEN,
  LOCAL_CHANNEL,
  LOCAL_IDEMPOTENCY_TABLE,
  LOCAL_SIGNING_SECRET,
  LOCAL_SLASH_COMMAND,
  LOCAL_TEAM,
  LOCAL_WEBHOOK_SECRET,
  LOCAL_WEBHOOK_SOURCE,
  SLACK_EVENTS_PATH,
  type LocalPorts,
} from './local-settings';
import { startSlackStandIn, type SlackStandIn } from './slack-stand-in';
import { startWatchLoop } from './watch-loop';
import { LOCAL_ALERT_SECRET, LOCAL_ALERT_SECRET_ID, LOCAL_ALERT_SOURCE, LOCAL_ALERT_TABLE, localAlertsUrl } from './alerts/local-alert-settings';

/** The secret id the local bot reads its Slack credentials from. */
const LOCAL_SLACK_SECRET_ID = 'local/slack';

export interface LocalStackOptions {
  /** `0` for any free port (tests). */
  ports: LocalPorts;
  /** Where the generated registry and credentials file go (`.local/` for `npm start`). */
  stateDirectory: string;
  /** Delay of every demo Airflow answer, to see the bot cope with a slow Airflow. */
  airflowLatencyMs?: number;
  /** `AIRFLOW_TIMEOUT_MS` for the bot; its own default when absent. */
  airflowTimeoutMs?: number;
  logLevel?: string;
  /** The user's own registry (`DEPLOYMENTS_FILE`); the demo registry when absent. */
  deploymentsFile?: string;
  /** The user's own secrets (`LOCAL_CREDENTIALS_FILE`), to which the local Slack secret is added. */
  credentialsFile?: string;
  /**
   * Runs the watcher (`handlers/watcher.ts`) in this process at once and then every so many
   * milliseconds, over the registry's `watch: true` deployments (demo-v1 and demo-v2), and over
   * its Airflow 3 ones for their human-in-the-loop requests (demo-v2: its seeded requests are
   * posted on the first tick); no watcher when absent.
   */
  watchIntervalMs?: number;
  /** Runs the on-call function (`handlers/oncall.ts`: reminders, daily digests) likewise; none when absent. */
  oncallIntervalMs?: number;
  /** Sees what the platform stand-ins receive (tests check it against the API contracts). */
  observePlatforms?: PlatformDemosOptions['observe'];
}

export interface LocalStack {
  botUrl: string;
  slackEventsUrl: string;
  /** `POST <actionsUrl>/<source>`: webhook actions (the demo source is `demo`). */
  actionsUrl: string;
  /** The in-process DynamoDB engine with the bot's tables. */
  dynamoDb: LocalDynamoDb;
  /** `POST /alerts/demo-airflow`: the demo source's alert endpoint. */
  alertsUrl: string;
  standIn: SlackStandIn;
  /** The demo Airflow 2, when the registry uses it. */
  airflowV1?: DemoAirflow;
  /** The demo Airflow 3, when the registry uses it. */
  airflowV2?: DemoAirflow;
  /** The registry the bot reads. */
  deploymentsFile: string;
  registry: DeploymentRegistry;
  /** `demo-astro`, `demo-mwaa` and `demo-composer` with their stand-ins, with the demo registry. */
  platforms?: PlatformDemos;
  close(): Promise<void>;
}

/**
 * The whole bot on a laptop: a Slack stand-in, the real Lambda handlers (`handlers/*.ts`, or the
 * same `…FromEnv` builders with the in-process workers passed in) behind a local API Gateway, the demo Airflows the registry uses, and the bot's DynamoDB tables in an
 * in-process engine. The handlers are configured exactly as in AWS, through environment variables:
 * the user's deployments file, or a generated one pointing at the demos, and a local credentials
 * file in place of Secrets Manager. No `WORKER_FUNCTION_NAME` or `ALERT_WORKER_FUNCTION_NAME`: the
 * worker functions' handlers run in this process instead of in Lambdas of their own.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  // The user's registry is validated before anything starts, with the same errors as a cold start.
  const userRegistry =
    options.deploymentsFile === undefined ? undefined : loadDeployments({ env: { DEPLOYMENTS_FILE: options.deploymentsFile } });
  const demos: DemoDialect[] = userRegistry === undefined ? ['v1', 'v2'] : demosUsedBy(userRegistry, options.ports);
  const latency = options.airflowLatencyMs === undefined ? {} : { latencyMs: options.airflowLatencyMs };
  const startDemo = (dialect: DemoDialect): Promise<DemoAirflow> | undefined =>
    demos.includes(dialect)
      ? startDemoAirflow({
          dialect,
          port: dialect === 'v1' ? options.ports.demoAirflowV1 : options.ports.demoAirflowV2,
          ...DEMO_USER,
          ...latency,
        })
      : undefined;
  const [airflowV1, airflowV2] = await Promise.all([startDemo('v1'), startDemo('v2')]);
  const standIn = await startSlackStandIn({ port: options.ports.slackStandIn, botToken: LOCAL_BOT_TOKEN });
  const dynamo = await startLocalDynamoDb({ idempotencyTable: LOCAL_IDEMPOTENCY_TABLE });
  // The managed-platform demos come with the demo registry only.
  const platforms =
    options.deploymentsFile === undefined
      ? await startPlatformDemos({ ...latency, ...(options.observePlatforms ? { observe: options.observePlatforms } : {}) })
      : undefined;

  mkdirSync(options.stateDirectory, { recursive: true });
  const credentialsFile = path.join(options.stateDirectory, 'credentials.json');
  const secrets = {
    ...platforms?.secrets,
    ...localSecrets({
      credentialsFile: options.credentialsFile,
      demos,
      slack: { signing_secret: LOCAL_SIGNING_SECRET, bot_token: LOCAL_BOT_TOKEN },
      slackSecretId: LOCAL_SLACK_SECRET_ID,
      ...(options.deploymentsFile === undefined ? { webhookSource: { name: LOCAL_WEBHOOK_SOURCE, secret: LOCAL_WEBHOOK_SECRET } } : {}),
    }),
    // The demo Airflow's alert source (`npm run alert`, the Python notifier), with the demo registry.
    ...(options.deploymentsFile === undefined ? { [LOCAL_ALERT_SECRET_ID]: { secrets: [LOCAL_ALERT_SECRET] } } : {}),
  };
  // It may hold the user's own secrets: readable by its owner only.
  writeFileSync(credentialsFile, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  let deploymentsFile: string;
  if (options.deploymentsFile === undefined) {
    deploymentsFile = path.join(options.stateDirectory, 'deployments.json');
    const demo = demoRegistry({ v1: airflowV1?.url ?? '', v2: airflowV2?.url ?? '' }, LOCAL_WEBHOOK_SOURCE);
    demo.deployments.push(...(platforms?.deployments ?? []));
    // Only demo-v2 has a default channel (a channel has at most one): the other demos' alerts go
    // to the demo channel by route, or they would be dropped.
    for (const entry of demo.deployments) {
      const channels = entry.defaultChannels;
      if (!Array.isArray(channels) || channels.length === 0) entry.alertRoutes = [{ dags: '*', channel: LOCAL_CHANNEL.id }];
    }
    // Every demo is watched: with the watcher running, their seeded failures become alerts with no
    // event sent.
    for (const entry of demo.deployments) entry.watch = true;
    demo.sources.push({ name: LOCAL_ALERT_SOURCE, secretId: LOCAL_ALERT_SECRET_ID, deployments: demo.deployments.map((entry) => entry.name) });
    writeFileSync(deploymentsFile, JSON.stringify(demo, null, 2));
  } else {
    deploymentsFile = path.resolve(options.deploymentsFile);
  }
  const registry = userRegistry ?? loadDeployments({ env: { DEPLOYMENTS_FILE: deploymentsFile } });

  Object.assign(process.env, {
    DEPLOYMENTS_FILE: deploymentsFile,
    LOCAL_CREDENTIALS_FILE: credentialsFile,
    SLACK_SECRET_ID: LOCAL_SLACK_SECRET_ID,
    SLACK_API_URL: standIn.apiUrl,
    SLASH_COMMAND: LOCAL_SLASH_COMMAND,
    // As in AWS, only the one workspace is served; replies may also go to the stand-in's response URLs.
    SLACK_TEAM_IDS: LOCAL_TEAM.id,
    SLACK_RESPONSE_URL_ORIGINS: new URL(standIn.url).origin,
    LOG_LEVEL: options.logLevel ?? process.env.LOG_LEVEL ?? 'warn',
    // The bot's metric lines (CloudWatch's embedded format) mean nothing in a terminal.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    IDEMPOTENCY_TABLE: LOCAL_IDEMPOTENCY_TABLE,
    PREVIEW_LEDGER_TABLE: BOT_TABLES.previewLedger.name,
    AUDIT_TABLE: BOT_TABLES.audit.name,
    NOTE_LEASE_TABLE: BOT_TABLES.noteLeases.name,
    ALERT_TABLE: LOCAL_ALERT_TABLE,
    // The AWS SDK reads these: DynamoDB is the local engine, with made-up credentials.
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_REGION: process.env.AWS_REGION ?? LOCAL_AWS_REGION,
    ...platforms?.env,
  });
  if (platforms) {
    // With the demo registry every AWS API the bot calls is a local stand-in: it signs with the
    // local credentials, whatever the user's environment holds. The SDK skips credentials in the
    // environment when a profile is named, so the profile goes too.
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: LOCAL_AWS_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: LOCAL_AWS_CREDENTIALS.secretAccessKey });
    for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN']) delete process.env[name];
    writeFileSync(path.join(options.stateDirectory, LOCAL_STAND_INS_FILE), JSON.stringify(platforms.standIns, null, 2));
  } else if (process.env.AWS_ACCESS_KEY_ID === undefined && process.env.AWS_PROFILE === undefined) {
    process.env.AWS_ACCESS_KEY_ID = LOCAL_AWS_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = LOCAL_AWS_CREDENTIALS.secretAccessKey;
  }
  delete process.env.ALERT_WORKER_FUNCTION_NAME;
  if (options.airflowTimeoutMs !== undefined) process.env.AIRFLOW_TIMEOUT_MS = String(options.airflowTimeoutMs);
  delete process.env.WORKER_FUNCTION_NAME;
  delete process.env.DEPLOYMENTS_JSON;

  // Loaded after the environment is set: the handlers read it at load time, as on a cold start.
  // The worker functions' handlers run in this process, in place of an asynchronous invocation:
  // the Slack-facing and alerts functions are built as their handlers build them, with those passed in.
  const worker = (await import('../handlers/worker')).handler;
  const alertWorker = (await import('../handlers/alert-worker')).handler;
  const { slackEventsFromEnv } = await import('../src/runtime/slack-events-from-env');
  const { alertsFromEnv } = await import('../src/runtime/alerts-from-env');
  const slackEvents = slackEventsFromEnv(process.env, { inProcessWorker: worker }) as HttpLambdaHandler;
  const alerts = alertsFromEnv(process.env, { inProcessAlertWorker: alertWorker }) as HttpLambdaHandler;
  const actions = (await import('../handlers/actions')).handler as HttpLambdaHandler;
  // The watcher's schedule: its handler, built as its handler builds it, ticking in this process.
  const { watcherFromEnv } = await import('../src/runtime/watcher-from-env');
  const watching =
    options.watchIntervalMs === undefined
      ? undefined
      : startWatchLoop(scheduledTickOf(watcherFromEnv(process.env, { inProcessAlertWorker: alertWorker }), 'watcher'), options.watchIntervalMs, (error) =>
          process.stderr.write(`watcher tick failed: ${error instanceof Error ? error.message : String(error)}\n`),
        );
  const { oncallFromEnv } = await import('../src/runtime/oncall-from-env');
  const oncall =
    options.oncallIntervalMs === undefined
      ? undefined
      : startWatchLoop(scheduledTickOf(oncallFromEnv(process.env), 'oncall'), options.oncallIntervalMs, (error) =>
          process.stderr.write(`on-call tick failed: ${error instanceof Error ? error.message : String(error)}\n`),
        );
  const bridge: LambdaHttpBridge = await startLambdaHttpBridge({
    port: options.ports.bot,
    routes: { [`POST ${SLACK_EVENTS_PATH}`]: slackEvents, 'POST /alerts/{source}': alerts, 'POST /actions/{source}': actions },
  });

  return {
    botUrl: bridge.url,
    slackEventsUrl: `${bridge.url.replace(/\/$/, '')}${SLACK_EVENTS_PATH}`,
    actionsUrl: `${bridge.url.replace(/\/$/, '')}/actions`,
    alertsUrl: localAlertsUrl(bridge.url),
    standIn,
    airflowV1,
    airflowV2,
    deploymentsFile,
    registry,
    dynamoDb: dynamo,
    ...(platforms ? { platforms } : {}),
    close: async () => {
      await watching?.stop();
      await oncall?.stop();
      await bridge.close();
      await Promise.all([standIn.close(), airflowV1?.close(), airflowV2?.close(), dynamo.close(), platforms?.close()]);
    },
  };
}

/** A scheduled invocation of a function, as EventBridge makes one: an event it does not read, a context. */
function scheduledTickOf(handler: (event: unknown, context: Context) => Promise<unknown>, functionName: string): () => Promise<unknown> {
  return () => handler({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, createLambdaContext({ functionName, timeoutMs: 60_000 }));
}
