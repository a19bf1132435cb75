/**
 * The Slack-facing function with the command builder, in this process: the real handler (Bolt,
 * signature checks), the real worker answering options and jobs in process, a demo Airflow 3 with
 * as many extra DAGs as asked, and the Slack stand-in for `views.open` and the replies. For the
 * builder's tests and `npm run bench -- builder`.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { loadAppConfig } from '../src/config/app-config';
import { parseDeployments } from '../src/config/parse-deployments';
import { createSecretCache } from '../src/credentials/secret-cache';
import type { SecretSource } from '../src/credentials/types';
import { createMemoryAuditTrail } from '../src/audit/audit-trail-memory';
import { createMemoryNoteLease } from '../src/changes/note-lease';
import { createInProcessHandoff } from '../src/handoff/in-process-handoff';
import { createInProcessOptionsSource, type OptionsSource } from '../src/handoff/options-source';
import { createMemoryRunOnce } from '../src/idempotency/run-once';
import { createLogger, type Logger } from '../src/logging/logger';
import type { OptionsRequest } from '../src/protocol/builder';
import { createSlackEventsHandler } from '../src/runtime/slack-events-runtime';
import { createWorkerRuntime } from '../src/runtime/worker-runtime';
import { createMemoryPreviewStore } from '../src/worker/previews/preview-store-memory';
import { startDemoAirflow, type DemoAirflow } from './demo-airflow/server';
import { createLambdaContext } from './lambda-context';
import { LOCAL_BOT_TOKEN, LOCAL_SIGNING_SECRET } from './local-settings';
import { startSlackStandIn, type SlackStandIn } from './slack-stand-in';

export interface BuilderStackOptions {
  /** DAGs added to the demo's five (`generated_dag_00000` …). */
  extraDags?: number;
  /** The demo Airflow's delay before every answer. */
  latencyMs?: number;
  /** `readers` of the deployment `demo` (user ids); anyone may read when absent. */
  readers?: string[];
  /** A second deployment, `secret`, that nobody but these users may read. */
  secretReaders?: string[];
  /** Wraps the worker's answers (to slow them, or count them). */
  wrapOptions?: (source: OptionsSource) => OptionsSource;
  logger?: Logger;
}

class StaticSecrets implements SecretSource {
  constructor(private readonly values: Record<string, string>) {}
  async getSecretString(id: string): Promise<string> {
    const value = this.values[id];
    if (value === undefined) throw new Error(`no secret ${id}`);
    return value;
  }
}

/** @example const stack = await startBuilderStack({ extraDags: 5000 }); await stack.call(event); await stack.close(); */
export async function startBuilderStack(options: BuilderStackOptions = {}) {
  const airflow: DemoAirflow = await startDemoAirflow({
    dialect: 'v2',
    ...(options.extraDags === undefined ? {} : { extraDags: options.extraDags }),
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
  });
  const standIn: SlackStandIn = await startSlackStandIn({ botToken: LOCAL_BOT_TOKEN });
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const registry = parseDeployments(
    [
      {
        name: 'demo',
        displayName: 'Demo',
        apiUrl: airflow.url,
        dialect: 'v2',
        auth: 'password',
        secretId: 'airflow/demo',
        defaultChannels: ['CDEMO00001'],
        actors: { users: ['ULOCAL0001'] },
        ...(options.readers === undefined ? {} : { readers: { users: options.readers } }),
      },
      {
        name: 'secret',
        displayName: 'Secret',
        apiUrl: airflow.url,
        dialect: 'v2',
        auth: 'password',
        secretId: 'airflow/demo',
        readers: { users: options.secretReaders ?? [] },
      },
    ],
    'builder-stack',
  );
  const secrets = createSecretCache(
    new StaticSecrets({
      'slack/secret': JSON.stringify({ signing_secret: LOCAL_SIGNING_SECRET, bot_token: LOCAL_BOT_TOKEN }),
      'airflow/demo': JSON.stringify({ username: 'admin', password: 'admin' }),
    }),
  );
  const config = loadAppConfig({ SLACK_SECRET_ID: 'slack/secret', SLACK_API_URL: standIn.apiUrl, SLACK_RESPONSE_URL_ORIGINS: new URL(standIn.url).origin });
  const worker = createWorkerRuntime({
    config,
    registry,
    secrets,
    logger,
    once: createMemoryRunOnce(),
    previews: createMemoryPreviewStore(),
    audit: createMemoryAuditTrail(),
    noteLease: createMemoryNoteLease(),
  });
  let optionRequests = 0;
  const direct = createInProcessOptionsSource(async (request: OptionsRequest) => {
    optionRequests += 1;
    return worker.answer(request);
  });
  const handoff = createInProcessHandoff({ run: (job) => worker.run(job), logger });
  const handler = createSlackEventsHandler({
    config,
    registry,
    secrets,
    handoff,
    options: options.wrapOptions ? options.wrapOptions(direct) : direct,
    logger,
  });
  const context = createLambdaContext({ functionName: 'builder-stack-slackEvents' });
  return {
    airflow,
    standIn,
    handoff,
    /** How many options requests reached the worker. */
    optionRequests: () => optionRequests,
    call: async (event: APIGatewayProxyEventV2) => (await handler(event, context)) as APIGatewayProxyStructuredResultV2,
    close: async () => {
      await handoff.drain();
      await Promise.all([airflow.close(), standIn.close()]);
    },
  };
}

export type BuilderStack = Awaited<ReturnType<typeof startBuilderStack>>;
