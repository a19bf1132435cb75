import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DEPLOYMENTS } from '../config/default-deployments';
import { startDemoAirflow, type DemoAirflow } from './demo-airflow/server';
import { startLambdaHttpBridge, type HttpLambdaHandler, type LambdaHttpBridge } from './lambda-http-bridge';
import { LOCAL_BOT_TOKEN, LOCAL_SIGNING_SECRET, LOCAL_SLASH_COMMAND, LOCAL_TEAM, SLACK_EVENTS_PATH, type LocalPorts } from './local-settings';
import { startSlackStandIn, type SlackStandIn } from './slack-stand-in';

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
    // As in AWS, only the one workspace is served; replies may also go to the stand-in's response URLs.
    SLACK_TEAM_IDS: LOCAL_TEAM.id,
    SLACK_RESPONSE_URL_ORIGINS: new URL(standIn.url).origin,
    LOG_LEVEL: options.logLevel ?? process.env.LOG_LEVEL ?? 'warn',
  });
  if (options.airflowTimeoutMs !== undefined) process.env.AIRFLOW_TIMEOUT_MS = String(options.airflowTimeoutMs);
  delete process.env.WORKER_FUNCTION_NAME;
  delete process.env.DEPLOYMENTS_JSON;
  delete process.env.PREVIEW_LEDGER_TABLE;

  // Loaded after the environment is set: the handlers read it at load time, as on a cold start.
  // The worker function's handler runs in this process, in place of an asynchronous invocation.
  const { runWorkerInProcess } = await import('../runtime/slack-events-from-env');
  runWorkerInProcess((await import('../../handlers/worker')).handler);
  const slackEvents = (await import('../../handlers/slack-events')).handler as HttpLambdaHandler;
  const alerts = (await import('../../handlers/alerts')).handler as HttpLambdaHandler;
  const bridge: LambdaHttpBridge = await startLambdaHttpBridge({
    port: options.ports.bot,
    routes: { [`POST ${SLACK_EVENTS_PATH}`]: slackEvents, 'POST /alerts': alerts },
  });

  return {
    botUrl: bridge.url,
    slackEventsUrl: `${bridge.url.replace(/\/$/, '')}${SLACK_EVENTS_PATH}`,
    standIn,
    airflowV1,
    airflowV2,
    close: async () => {
      await bridge.close();
      await Promise.all([standIn.close(), airflowV1.close(), airflowV2.close()]);
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
    })),
  };
}
