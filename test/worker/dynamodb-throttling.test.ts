import { BOT_TABLES, startLocalDynamoDb } from '../../local/local-dynamodb';
import { createMemoryRunOnce } from '../../src/idempotency/run-once';
import { createDynamoDbPreviewStore } from '../../src/worker/previews/preview-store-dynamodb';
import { createMemoryAuditTrail } from '../../src/audit/audit-trail-memory';
import { createMemoryNoteLease } from '../../src/changes/note-lease';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createAccessControl } from '../../src/access/access-control';
import { parseDeployments } from '../../src/config/parse-deployments';
import { encodeAddress } from '../../src/protocol/button-values';
import { ACTION_IDS } from '../../src/protocol/interaction-types';
import { runJob } from '../../src/worker/run-job';
import type { ReplyMessage, SlackReplies } from '../../src/slack-replies/slack-replies';
import type { WorkerDeps } from '../../src/worker/worker-deps';
import { collectingLogger } from '../audit/collecting-logger';
import { FakeAirflowClient, failedTaskInstance } from '../helpers/fake-airflow-client';
import { buttonValue } from '../helpers/find-button';

const ACTOR = 'UACTOR0001';

/**
 * DynamoDB on loopback (the in-process engine with the bot's tables) behind a proxy that, while
 * `throttling` is on, answers every call with the throttling error the SDK client sees from a
 * table past its capacity.
 */
async function startDynamoDb() {
  const engine = await startLocalDynamoDb();
  const state = { throttling: false, calls: 0 };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (!state.throttling) {
        void forward(engine.endpoint, request, Buffer.concat(chunks), response);
        return;
      }
      state.calls += 1;
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          message: 'The level of configured provisioned throughput for the table was exceeded.',
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.close();
    },
  };
}

async function forward(endpoint: string, request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string' && name !== 'host') headers[name] = value;
  const answer = await fetch(`${endpoint}${request.url ?? '/'}`, { method: request.method ?? 'POST', headers, body: body.toString('utf8') });
  response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/x-amz-json-1.0' });
  response.end(Buffer.from(await answer.arrayBuffer()));
}

describe('Confirm while DynamoDB throttles the preview store', () => {
  let dynamo: Awaited<ReturnType<typeof startDynamoDb>>;
  beforeAll(async () => {
    dynamo = await startDynamoDb();
  });
  afterAll(() => dynamo.close());

  it('changes nothing and says so while throttled, then applies exactly once when DynamoDB recovers', async () => {
    const ti = failedTaskInstance();
    const airflow = new FakeAirflowClient('prod', [ti]);
    const sent: ReplyMessage[] = [];
    const replies: SlackReplies = {
      reply: async (_ctx, message) => void sent.push(message),
      postInThread: async () => true,
      uploadFile: async () => {
        throw new Error('no uploads here');
      },
    };
    const { logger } = collectingLogger();
    const client = new DynamoDBClient({
      endpoint: dynamo.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 2,
    });
    let ids = 0;
    const deps: WorkerDeps = {
      registry: parseDeployments([{ name: 'prod', apiUrl: 'https://airflow.example.com', auth: 'bearer', secretId: 'airflow/prod', actors: { users: [ACTOR] } }], 'test'),
      airflow: { get: () => airflow },
      access: createAccessControl({ listUserGroupMembers: async () => [], logger }),
      replies,
      once: createMemoryRunOnce(),
    listeners: [],
      previews: createDynamoDbPreviewStore({ client: DynamoDBDocumentClient.from(client), tableName: BOT_TABLES.previewLedger.name }),
      audit: createMemoryAuditTrail({ ttlDays: 400 }),
      noteLease: createMemoryNoteLease(),
      logger,
      clock: () => Date.parse('2026-11-23T09:00:00Z'),
      slashCommand: '/airflow',
      newId: () => `id-${(ids += 1)}`,
    };
    const slack = { userId: ACTOR, userName: 'alice', channelId: 'C0000001', responseUrl: 'https://hooks.slack.com/actions/x', isEphemeral: true };
    const click = (actionId: (typeof ACTION_IDS)[keyof typeof ACTION_IDS], value: string) => runJob({ kind: 'button', actionId, value, slack }, deps);

    await click(ACTION_IDS.markSuccess, encodeAddress({ deployment: 'prod', dagId: ti.dagId, runId: ti.runId, taskId: ti.taskId, mapIndex: -1 }));
    const confirm = buttonValue(sent[0]!.blocks, ACTION_IDS.confirm);

    dynamo.state.throttling = true;
    await click(ACTION_IDS.confirm, confirm);
    expect(sent.at(-1)!.text).toBe(':warning: Could not reach the store of previews, so nothing was changed. Try again in a moment.');
    expect(airflow.mutatingCalls).toEqual([]);
    expect(dynamo.state.calls).toBe(2); // the SDK tried again once, as configured

    dynamo.state.throttling = false;
    await click(ACTION_IDS.confirm, confirm);
    await click(ACTION_IDS.confirm, confirm);

    expect(airflow.calls.filter((c) => c.method === 'applyAction')).toHaveLength(1);
    expect(airflow.stored(ti).state).toBe('success');
    expect(sent.at(-1)!.text).toBe('This preview was already confirmed or cancelled; nothing more changed.');
    client.destroy();
  });
});
