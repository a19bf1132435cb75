import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DEPLOYMENTS } from '../config/default-deployments';
import { startDemoAirflow, type DemoAirflow } from './demo-airflow/server';
import { startLambdaHttpBridge, type HttpLambdaHandler, type LambdaHttpBridge } from './lambda-http-bridge';
import { LOCAL_BOT_TOKEN, LOCAL_CHANNEL, LOCAL_SIGNING_SECRET, LOCAL_SLASH_COMMAND, SLACK_EVENTS_PATH, type LocalPorts } from './local-settings';
import { startSlackStandIn, type SlackStandIn } from './slack-stand-in';
import { LOCAL_ALERT_SECRET, LOCAL_ALERT_SECRET_ID, LOCAL_ALERT_SOURCE, LOCAL_ALERT_TABLE, localAlertsUrl } from './alerts/local-alert-settings';
import { startLocalDynamo } from './local-dynamo';

/** The demo Airflows' one user (the demo's defaults). */
const DEMO_USER = { username: 'admin', password: 'admin' };

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
}

export interface LocalStack {
  botUrl: string;
  slackEventsUrl: string;
  /** `POST /alerts/demo-airflow`: the demo source's alert endpoint. */
  alertsUrl: string;
  standIn: SlackStandIn;
  airflowV1: DemoAirflow;
  airflowV2: DemoAirflow;
  close(): Promise<void>;
}

/**
 * The whole bot on a laptop: two demo Airflows, a Slack stand-in, and the real Lambda handlers
 * (`handlers/*.ts`) behind a local API Gateway. The handlers are configured exactly as in AWS,
 * through environment variables: a generated deployments file pointing at the demos, and a local
 * credentials file in place of Secrets Manager. No `WORKER_FUNCTION_NAME`: the worker function's
 * handler runs in this process instead of in a second Lambda.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const latency = options.airflowLatencyMs === undefined ? {} : { latencyMs: options.airflowLatencyMs };
  const airflowV1 = await startDemoAirflow({ dialect: 'v1', port: options.ports.demoAirflowV1, ...DEMO_USER, ...latency });
  const airflowV2 = await startDemoAirflow({ dialect: 'v2', port: options.ports.demoAirflowV2, ...DEMO_USER, ...latency });
  const standIn = await startSlackStandIn({ port: options.ports.slackStandIn, botToken: LOCAL_BOT_TOKEN });
  // DynamoDB for the alert state: a compatible engine in this process, on a free port.
  const dynamo = await startLocalDynamo();
  await dynamo.createTable(LOCAL_ALERT_TABLE);

  mkdirSync(options.stateDirectory, { recursive: true });
  const deploymentsFile = path.join(options.stateDirectory, 'deployments.json');
  const credentialsFile = path.join(options.stateDirectory, 'credentials.json');
  writeFileSync(deploymentsFile, JSON.stringify(registryFor(airflowV1.url, airflowV2.url), null, 2));
  writeFileSync(
    credentialsFile,
    JSON.stringify(
      {
        'local/slack': { signing_secret: LOCAL_SIGNING_SECRET, bot_token: LOCAL_BOT_TOKEN },
        'local/demo-v1': DEMO_USER,
        'local/demo-v2': DEMO_USER,
        [LOCAL_ALERT_SECRET_ID]: { secrets: [LOCAL_ALERT_SECRET] },
      },
      null,
      2,
    ),
  );

  Object.assign(process.env, {
    DEPLOYMENTS_FILE: deploymentsFile,
    LOCAL_CREDENTIALS_FILE: credentialsFile,
    SLACK_SECRET_ID: 'local/slack',
    SLACK_API_URL: standIn.apiUrl,
    SLASH_COMMAND: LOCAL_SLASH_COMMAND,
    LOG_LEVEL: options.logLevel ?? process.env.LOG_LEVEL ?? 'warn',
    ALERT_TABLE: LOCAL_ALERT_TABLE,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_REGION: process.env.AWS_REGION ?? 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  delete process.env.ALERT_WORKER_FUNCTION_NAME;
  if (options.airflowTimeoutMs !== undefined) process.env.AIRFLOW_TIMEOUT_MS = String(options.airflowTimeoutMs);
  delete process.env.WORKER_FUNCTION_NAME;
  delete process.env.DEPLOYMENTS_JSON;
  delete process.env.PREVIEW_LEDGER_TABLE;

  // Loaded after the environment is set: the handlers read it at load time, as on a cold start.
  // The worker function's handler runs in this process, in place of an asynchronous invocation.
  const { runWorkerInProcess } = await import('../runtime/slack-events-from-env');
  runWorkerInProcess((await import('../../handlers/worker')).handler);
  const slackEvents = (await import('../../handlers/slack-events')).handler as HttpLambdaHandler;
  const { runAlertWorkerInProcess } = await import('../runtime/alerts-runtime');
  runAlertWorkerInProcess((await import('../../handlers/alert-worker')).handler);
  const alerts = (await import('../../handlers/alerts')).handler as HttpLambdaHandler;
  const bridge: LambdaHttpBridge = await startLambdaHttpBridge({
    port: options.ports.bot,
    routes: { [`POST ${SLACK_EVENTS_PATH}`]: slackEvents, 'POST /alerts/{source}': alerts },
  });

  return {
    botUrl: bridge.url,
    slackEventsUrl: `${bridge.url.replace(/\/$/, '')}${SLACK_EVENTS_PATH}`,
    alertsUrl: localAlertsUrl(bridge.url),
    standIn,
    airflowV1,
    airflowV2,
    close: async () => {
      await bridge.close();
      await Promise.all([standIn.close(), airflowV1.close(), airflowV2.close(), dynamo.close()]);
    },
  };
}

/** The bundled demo registry, pointed at wherever the demos actually listen. */
function registryFor(v1Url: string, v2Url: string): unknown {
  const { deployments } = DEFAULT_DEPLOYMENTS as { deployments: { name: string; apiUrl: string }[] };
  return {
    deployments: deployments.map((deployment) => ({
      ...deployment,
      apiUrl: deployment.name === 'demo-v1' ? v1Url : v2Url,
      // demo-v1 has no default channel: its alerts go to the demo channel by route.
      ...(deployment.name === 'demo-v1' ? { alertRoutes: [{ dags: '*', channel: LOCAL_CHANNEL.id }] } : {}),
    })),
    // The demo source may report alerts on both demos (`npm run alert`, the Python notifier).
    sources: [{ name: LOCAL_ALERT_SOURCE, secretId: LOCAL_ALERT_SECRET_ID, deployments: deployments.map((d) => d.name) }],
  };
}
