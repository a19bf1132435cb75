import { createMemoryAuditTrail } from '../../src/audit/audit-trail-memory';
import { createMemoryNoteLease } from '../../src/changes/note-lease';
import { createMemoryPreviewStore } from '../../src/worker/previews/preview-store-memory';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { loadAppConfig } from '../../src/config/app-config';
import { parseDeployments } from '../../src/config/parse-deployments';
import { createSecretCache } from '../../src/credentials/secret-cache';
import { createInProcessHandoff } from '../../src/handoff/in-process-handoff';
import { startDemoAirflow, type DemoAirflow } from '../../local/demo-airflow/server';
import { LOCAL_SIGNING_SECRET, LOCAL_TEAM } from '../../local/local-settings';
import { startSlackStandIn, type SlackStandIn } from '../../local/slack-stand-in';
import { createSlackEventsHandler } from '../../src/runtime/slack-events-runtime';
import { createWorkerRuntime } from '../../src/runtime/worker-runtime';
import { createMemoryRunOnce } from '../../src/idempotency/run-once';
import { collectingLogger } from '../audit/collecting-logger';
import { MemorySecretSource } from '../credentials/memory-secret-source';
import { fakeLambdaContext } from '../helpers/slack-requests';

const BOT_TOKEN = 'xoxb-harness-bot-token';

/** A request the demo Airflow received, as it arrived. */
export interface SeenRequest {
  method: string;
  url: string;
}

/**
 * The whole bot in one process, as deployed but with loopback everywhere: the Slack-facing handler
 * (request checks, Bolt, listeners), the worker behind an in-process handoff, a demo Airflow 3
 * behind a proxy that records every request it forwards, and the Slack stand-in for the Web API
 * and response URLs. `send` returns once the worker has finished.
 */
export interface BotHarness {
  signingSecret: string;
  standIn: SlackStandIn;
  airflow: DemoAirflow;
  /** The deployment's API URL (and UI URL): the recording proxy in front of the demo Airflow. */
  airflowProxyUrl: string;
  /** Every request that reached Airflow. */
  airflowRequests: SeenRequest[];
  logLines: Record<string, unknown>[];
  /** The worker's audit trail (in memory). */
  audit: ReturnType<typeof createMemoryAuditTrail>;
  send(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2>;
  close(): Promise<void>;
}

/** Changes to the one deployment `demo-v2` (who may read it, who may act). */
export interface BotHarnessOptions {
  deployment?: Record<string, unknown>;
}

export async function startBotHarness(env: NodeJS.ProcessEnv = {}, options: BotHarnessOptions = {}): Promise<BotHarness> {
  const standIn = await startSlackStandIn({ botToken: BOT_TOKEN });
  const airflow = await startDemoAirflow({ dialect: 'v2' });
  const airflowRequests: SeenRequest[] = [];
  const proxy = await startRecordingProxy(airflow.url, airflowRequests);
  const { logger, lines } = collectingLogger();
  const config = loadAppConfig({
    SLACK_SECRET_ID: 'slack/secret',
    SLACK_API_URL: standIn.apiUrl,
    SLACK_TEAM_IDS: LOCAL_TEAM.id,
    SLACK_RESPONSE_URL_ORIGINS: new URL(standIn.url).origin,
    ...env,
  });
  const registry = parseDeployments(
    [
      {
        name: 'demo-v2',
        displayName: 'Demo Airflow 3',
        apiUrl: proxy.url,
        auth: 'password',
        secretId: 'airflow/demo',
        defaultChannels: ['CDEMO00001'],
        actors: { users: ['ULOCAL0001'] },
        ...options.deployment,
      },
    ],
    'test',
  );
  const secrets = createSecretCache(
    new MemorySecretSource({
      'slack/secret': JSON.stringify({ signing_secret: LOCAL_SIGNING_SECRET, bot_token: BOT_TOKEN }),
      'airflow/demo': JSON.stringify({ username: 'admin', password: 'admin' }),
    }),
  );
  const audit = createMemoryAuditTrail({ ttlDays: 400 });
  const worker = createWorkerRuntime({
    config,
    registry,
    secrets,
    logger,
    once: createMemoryRunOnce(),
    previews: createMemoryPreviewStore(),
    audit,
    noteLease: createMemoryNoteLease(),
  });
  const handoff = createInProcessHandoff({ run: (job) => worker.run(job), logger });
  const handler = createSlackEventsHandler({ config, registry, secrets, handoff, logger });
  return {
    signingSecret: LOCAL_SIGNING_SECRET,
    standIn,
    airflow,
    airflowProxyUrl: proxy.url,
    airflowRequests,
    logLines: lines,
    audit,
    async send(event) {
      const response = (await handler(event, fakeLambdaContext())) as APIGatewayProxyStructuredResultV2;
      await handoff.drain();
      return response;
    },
    async close() {
      await proxy.close();
      await airflow.close();
      await standIn.close();
    },
  };
}

/** Forwards every request to `target` unchanged, recording it first. */
async function startRecordingProxy(target: string, seen: SeenRequest[]): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    seen.push({ method: request.method ?? 'GET', url: request.url ?? '' });
    const forwarded = http.request(`${target}${request.url ?? '/'}`, { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
