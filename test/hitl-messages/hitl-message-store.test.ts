import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { HitlRequest } from '../../src/airflow/model';
import { HITL_RECORD_TTL_MS, hitlItemKey, type HitlKey, type HitlMessageStore } from '../../src/hitl-messages/hitl-message-store';
import {
  createDynamoDbHitlMessageStore,
  STORED_BODY_MAX_CHARS,
} from '../../src/hitl-messages/hitl-message-store-dynamodb';
import { createMemoryHitlMessageStore } from '../../src/hitl-messages/hitl-message-store-memory';
import { BOT_TABLES, useLocalDynamoDb } from '../helpers/local-dynamodb';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const ANSWER = { userId: 'U1', userName: 'alice', at: '2026-11-23T09:05:00.000Z', chosenOptions: ['Approve'], paramsInput: { reason: 'ok' } };

function requestFor(key: HitlKey, body: string | null = 'Looks **fine**.'): HitlRequest {
  return {
    ref: key.ref,
    taskState: 'deferred',
    tryNumber: 1,
    subject: 'Ship it?',
    body,
    options: ['Approve', 'Reject'],
    defaults: null,
    multiple: false,
    params: { reason: { value: '', schema: { type: 'string' }, description: null } },
    assignedUsers: [{ id: '7', name: 'alice' }],
    createdAt: key.createdAt,
    response: null,
  };
}

describe.each(['memory', 'DynamoDB'])('the %s human-in-the-loop store', (kind) => {
  const dynamo = useLocalDynamoDb();
  let now = T0;
  let store: HitlMessageStore;
  let key: HitlKey;
  let n = 0;
  beforeEach(() => {
    now = T0;
    // A run id with `#`: the key's parts cannot run into each other.
    key = { deployment: `prod-${kind.toLowerCase()}`, ref: { dagId: 'approvals', runId: `manual#${++n}`, taskId: 'approve', mapIndex: -1 }, createdAt: '2026-11-23T08:59:00Z' };
    store =
      kind === 'memory'
        ? createMemoryHitlMessageStore({ clock: () => now })
        : createDynamoDbHitlMessageStore({ client: dynamo.documents, tableName: BOT_TABLES.alerts.name, clock: () => now });
  });

  it('lets one caller claim a request, and keeps the request it was claimed with', async () => {
    expect(await store.get(key)).toBeUndefined();
    expect(await store.claimPost(key, requestFor(key))).toBe(true);
    expect(await store.claimPost(key, requestFor(key, 'another body'))).toBe(false);
    expect(await store.get(key)).toEqual({ ...key, request: requestFor(key) });
  });

  it("tells a later try's request from the first: another createdAt is another request", async () => {
    await store.claimPost(key, requestFor(key));
    const retry = { ...key, createdAt: '2026-11-23T09:30:00Z' };
    expect(await store.claimPost(retry, requestFor(retry))).toBe(true);
  });

  it('keeps where the request was posted and the first Slack answer only', async () => {
    await store.claimPost(key, requestFor(key));
    await store.setMessage(key, { channel: 'C1', ts: '1.0001' });
    await store.recordSlackAnswer(key, ANSWER);
    await store.recordSlackAnswer(key, { ...ANSWER, userId: 'U2', chosenOptions: ['Reject'] });
    expect(await store.get(key)).toEqual({ ...key, request: requestFor(key), message: { channel: 'C1', ts: '1.0001' }, slackAnswer: ANSWER });
  });

  it('records a Slack answer to a request it never claimed', async () => {
    await store.recordSlackAnswer(key, ANSWER);
    expect(await store.get(key)).toEqual({ ...key, slackAnswer: ANSWER });
    // Known now: not claimed again.
    expect(await store.claimPost(key, requestFor(key))).toBe(false);
  });

  it('keeps when someone last began answering, beside the message and the request', async () => {
    await store.claimPost(key, requestFor(key));
    await store.markAnswering(key, '2026-11-23T09:10:00.000Z');
    await store.markAnswering(key, '2026-11-23T09:11:00.000Z');
    expect(await store.get(key)).toEqual({ ...key, request: requestFor(key), answeringAt: '2026-11-23T09:11:00.000Z' });
  });

  it('forgets a record once it expired, on every read, and lets the request be claimed again', async () => {
    await store.claimPost(key, requestFor(key));
    await store.setMessage(key, { channel: 'C1', ts: '1.0001' });
    now = T0 + HITL_RECORD_TTL_MS - 1000;
    expect((await store.get(key))?.message).toEqual({ channel: 'C1', ts: '1.0001' });
    now = T0 + HITL_RECORD_TTL_MS + 1000;
    expect(await store.get(key)).toBeUndefined();
    expect(await store.claimPost(key, requestFor(key))).toBe(true);
  });
});

describe('the DynamoDB human-in-the-loop store', () => {
  const dynamo = useLocalDynamoDb();
  const key: HitlKey = { deployment: 'prod', ref: { dagId: 'approvals', runId: 'r1', taskId: 'approve', mapIndex: 3 }, createdAt: '2026-11-23T08:59:00Z' };
  const store = () => createDynamoDbHitlMessageStore({ client: dynamo.documents, tableName: BOT_TABLES.alerts.name, clock: () => T0 });
  const item = async (k: HitlKey) =>
    (await dynamo.documents.send(new GetCommand({ TableName: BOT_TABLES.alerts.name, Key: { pk: hitlItemKey(k) } }))).Item;

  it('keeps one item per request in the alert table, with its expiry in seconds', async () => {
    await store().claimPost(key, requestFor(key));
    expect(hitlItemKey(key)).toBe('hitl#["prod","approvals","r1","approve",3,"2026-11-23T08:59:00Z"]');
    expect(await item(key)).toMatchObject({ pk: hitlItemKey(key), deployment: 'prod', dagId: 'approvals', runId: 'r1', taskId: 'approve', mapIndex: 3, expiresAt: (T0 + HITL_RECORD_TTL_MS) / 1000 });
  });

  it("cuts a huge request's body so the item stays under DynamoDB's 400 KB", async () => {
    const huge = { ...key, createdAt: '2026-11-23T09:10:00Z' };
    const body = 'é'.repeat(400_000);
    expect(await store().claimPost(huge, requestFor(huge, body))).toBe(true);
    const kept = await store().get(huge);
    expect(kept?.request?.body).toBe(`${'é'.repeat(STORED_BODY_MAX_CHARS)}…`);
    expect({ ...kept?.request, body: null }).toEqual({ ...requestFor(huge), body: null });
  });

  it('keeps no request at all when even its params are too big, and says the claim was taken', async () => {
    const huge = { ...key, createdAt: '2026-11-23T09:20:00Z' };
    const request = { ...requestFor(huge), params: { blob: { value: 'x'.repeat(350_000), schema: {}, description: null } } };
    expect(await store().claimPost(huge, request)).toBe(true);
    expect(await store().get(huge)).toEqual({ ...huge });
    expect(await store().claimPost(huge, request)).toBe(false);
  });

  it('refuses with a clear error when the table cannot be written, and stores nothing', async () => {
    const fresh = { ...key, createdAt: '2026-11-23T09:40:00Z' };
    const broken = createDynamoDbHitlMessageStore({ client: dynamo.documents, tableName: 'no-such-table', clock: () => T0 });
    await expect(broken.claimPost(fresh, requestFor(fresh))).rejects.toMatchObject({
      kind: 'unavailable',
      message: 'Could not claim the human-in-the-loop record.',
      details: { table: 'no-such-table' },
    });
    await expect(broken.recordSlackAnswer(fresh, ANSWER)).rejects.toMatchObject({ kind: 'unavailable', message: 'Could not write the human-in-the-loop record.' });
    expect(await item(fresh)).toBeUndefined();
    expect(await store().claimPost(fresh, requestFor(fresh))).toBe(true);
  });
});
