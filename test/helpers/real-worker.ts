import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createAirflowClientRegistry } from '../../src/airflow/client-registry';
import { createDynamoDbAuditTrail } from '../../src/audit/audit-trail-dynamodb';
import { loadAppConfig } from '../../src/config/app-config';
import { parseDeployments } from '../../src/config/parse-deployments';
import { createAirflowCredentialProvider } from '../../src/credentials/airflow-credentials';
import { createSecretCache } from '../../src/credentials/secret-cache';
import { startDemoAirflow, type DemoAirflow } from '../../local/demo-airflow/server';
import { BOT_TABLES, startLocalDynamoDb, type LocalDynamoDb } from '../../local/local-dynamodb';
import type { SlackRequestContext, WorkerJob } from '../../src/protocol/job';
import { createWorkerRuntime } from '../../src/runtime/worker-runtime';
import { createDynamoDbNoteLease } from '../../src/changes/note-lease-dynamodb';
import { createDynamoDbRunOnce } from '../../src/idempotency/run-once-dynamodb';
import { createDynamoDbPreviewStore } from '../../src/worker/previews/preview-store-dynamodb';
import { collectingLogger } from '../audit/collecting-logger';
import { MemorySecretSource } from '../credentials/memory-secret-source';

/** A reply the worker posted to a `response_url`. */
export interface PostedReply {
  path: string;
  body: { replace_original?: boolean; text: string; blocks: unknown[] };
}

/**
 * The real worker (`createWorkerRuntime`: real Airflow client, DynamoDB stores, Slack replies over
 * HTTP) against a demo Airflow 3, dynalite and a `response_url` collector, all on loopback.
 * `actors` may change task instances of the deployment `demo`.
 */
export async function startRealWorker(actors: readonly string[]) {
  const airflow: DemoAirflow = await startDemoAirflow({ dialect: 'v2', username: 'admin', password: 'admin' });
  const dynamo: LocalDynamoDb = await startLocalDynamoDb();
  const replies: PostedReply[] = [];
  const responses: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      replies.push({ path: request.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as PostedReply['body'] });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => responses.listen(0, '127.0.0.1', resolve));
  const responseBase = `http://127.0.0.1:${(responses.address() as AddressInfo).port}`;

  const documents = DynamoDBDocumentClient.from(dynamo.client);
  const { logger, lines } = collectingLogger();
  const registry = parseDeployments(
    [{ name: 'demo', displayName: 'Demo', apiUrl: airflow.url, dialect: 'v2', auth: 'password', secretId: 'airflow/demo', actors: { users: [...actors] } }],
    'test',
  );
  const secrets = createSecretCache(
    new MemorySecretSource({
      'slack/secret': JSON.stringify({ signing_secret: 'unused-here', bot_token: 'xoxb-unused' }),
      'airflow/demo': JSON.stringify({ username: 'admin', password: 'admin' }),
    }),
  );
  // The loopback response URLs of these tests are allowed beside Slack's hosts, as the local stack allows its stand-in.
  const config = loadAppConfig({ SLACK_SECRET_ID: 'slack/secret', SLACK_API_URL: 'http://127.0.0.1:9/api/', SLACK_RESPONSE_URL_ORIGINS: responseBase });
  const trail = createDynamoDbAuditTrail({ client: documents, tableName: BOT_TABLES.audit.name });
  const noteLease = createDynamoDbNoteLease({ client: documents, tableName: BOT_TABLES.noteLeases.name, logger });
  const runtime = createWorkerRuntime({
    config,
    registry,
    secrets,
    logger,
    once: createDynamoDbRunOnce({ client: dynamo.client, tableName: BOT_TABLES.idempotency.name, logger }),
    previews: createDynamoDbPreviewStore({ client: documents, tableName: BOT_TABLES.previewLedger.name }),
    audit: trail,
    noteLease,
  });
  const airflowClient = createAirflowClientRegistry(registry.deployments, {
    credentials: createAirflowCredentialProvider(secrets),
    fetch,
    clock: Date.now,
    logger,
    timeoutMs: 10_000,
  }).get('demo');

  let requestCount = 0;
  /** Where a user's request came from: its own response URL, so replies can be told apart. */
  const slack = (userId: string, userName = userId.toLowerCase()): SlackRequestContext => {
    requestCount += 1;
    return {
      userId,
      userName,
      teamId: 'T0000TEST',
      channelId: 'C0000TEST',
      responseUrl: `${responseBase}/response/${userId}/${requestCount}`,
      isEphemeral: true,
    };
  };
  const run = (job: WorkerJob) => runtime.run(job);
  const repliesTo = (ctx: SlackRequestContext) => replies.filter((reply) => `${responseBase}${reply.path}` === ctx.responseUrl);

  return {
    airflow,
    dynamo,
    trail,
    noteLease,
    airflowClient,
    lines,
    replies,
    slack,
    run,
    repliesTo,
    audits: () => lines.filter((line) => line.msg === 'audit'),
    close: async () => {
      await new Promise<void>((resolve) => responses.close(() => resolve()));
      await Promise.all([airflow.close(), dynamo.close()]);
    },
  };
}

export type RealWorker = Awaited<ReturnType<typeof startRealWorker>>;
