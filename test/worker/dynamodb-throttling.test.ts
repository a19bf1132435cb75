import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createAccessControl } from '../../src/access/access-control';
import { parseDeployments } from '../../src/config/parse-deployments';
import { encodeAddress } from '../../src/protocol/button-values';
import { ACTION_IDS } from '../../src/protocol/interaction-types';
import { createDynamoDbPreviewLedger } from '../../src/worker/preview-ledger-dynamodb';
import { runJob } from '../../src/worker/run-job';
import type { ReplyMessage, SlackReplies } from '../../src/worker/slack-replies';
import type { WorkerDeps } from '../../src/worker/worker-deps';
import { collectingLogger } from '../audit/collecting-logger';
import { FakeAirflowClient, failedTaskInstance } from '../helpers/fake-airflow-client';
import { buttonValue } from '../helpers/find-button';

const ACTOR = 'UACTOR0001';

/**
 * DynamoDB's JSON protocol on loopback: `PutItem` with `attribute_not_exists` as the real service
 * answers it, except while `throttling` is on, when every call gets the throttling error the SDK
 * client sees from a table past its capacity.
 */
async function startDynamoDb() {
  const items = new Set<string>();
  const state = { throttling: true, calls: 0 };
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      state.calls += 1;
      const answer = (status: number, json: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify(json));
      };
      if (state.throttling) {
        answer(400, {
          __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          message: 'The level of configured provisioned throughput for the table was exceeded.',
        });
        return;
      }
      const input = JSON.parse(body) as { Item: { previewId: { S: string } } };
      const id = input.Item.previewId.S;
      if (items.has(id)) {
        answer(400, { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed' });
        return;
      }
      items.add(id);
      answer(200, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, state, items, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('Confirm while DynamoDB throttles the preview ledger', () => {
  let dynamo: Awaited<ReturnType<typeof startDynamoDb>>;
  beforeAll(async () => {
    dynamo = await startDynamoDb();
  });
  afterAll(() => dynamo.close());

  it('changes nothing and says so while throttled, then applies exactly once when DynamoDB recovers', async () => {
    const ti = failedTaskInstance();
    const airflow = new FakeAirflowClient('prod', [ti]);
    const sent: ReplyMessage[] = [];
    const replies: SlackReplies = { reply: async (_ctx, message) => void sent.push(message), postInThread: async () => true };
    const { logger } = collectingLogger();
    const client = new DynamoDBClient({
      endpoint: dynamo.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 2,
    });
    const deps: WorkerDeps = {
      registry: parseDeployments([{ name: 'prod', apiUrl: 'https://airflow.example.com', auth: 'bearer', secretId: 'airflow/prod', actors: { users: [ACTOR] } }], 'test'),
      airflow: { get: () => airflow },
      access: createAccessControl({ listUserGroupMembers: async () => [], logger }),
      replies,
      ledger: createDynamoDbPreviewLedger({ client: DynamoDBDocumentClient.from(client), tableName: 'previews' }),
      logger,
      clock: () => Date.parse('2026-11-23T09:00:00Z'),
      slashCommand: '/airflow',
      newId: () => 'preview-1',
    };
    const slack = { userId: ACTOR, userName: 'alice', channelId: 'C0000001', responseUrl: 'https://hooks.slack.com/actions/x', isEphemeral: true };
    const click = (actionId: (typeof ACTION_IDS)[keyof typeof ACTION_IDS], value: string) => runJob({ kind: 'button', actionId, value, slack }, deps);

    await click(ACTION_IDS.markSuccess, encodeAddress({ deployment: 'prod', dagId: ti.dagId, runId: ti.runId, taskId: ti.taskId, mapIndex: -1 }));
    const confirm = buttonValue(sent[0]!.blocks, ACTION_IDS.confirm);

    await click(ACTION_IDS.confirm, confirm);
    expect(sent.at(-1)!.text).toBe(':warning: Could not record the confirmation, so nothing was changed. Try again in a moment.');
    expect(airflow.mutatingCalls).toEqual([]);
    expect(dynamo.state.calls).toBe(2); // the SDK tried again once, as configured

    dynamo.state.throttling = false;
    await click(ACTION_IDS.confirm, confirm);
    await click(ACTION_IDS.confirm, confirm);

    expect(airflow.calls.filter((c) => c.method === 'applyAction')).toHaveLength(1);
    expect(airflow.stored(ti).state).toBe('success');
    expect(sent.at(-1)!.text).toBe('This preview was already confirmed; nothing more changed.');
    client.destroy();
  });
});
