import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbWatchStateStore, watchItemKey } from '../../src/watcher/watch-state';
import { BOT_TABLES, useLocalDynamoDb } from '../helpers/local-dynamodb';

const T0 = Date.parse('2026-11-23T09:00:00.000Z');
const db = useLocalDynamoDb();

function storeAt(clock: () => number) {
  return createDynamoDbWatchStateStore({ client: db.documents, tableName: BOT_TABLES.alerts.name, clock, leaseMs: 60_000 });
}

describe('DynamoDB watch state', () => {
  it('starts empty, and gives the deployment to one tick at a time', async () => {
    const store = storeAt(() => T0);

    expect(await store.claim('one', 'tick-a')).toEqual({ followed: [] });
    expect(await store.claim('one', 'tick-b')).toBeUndefined();
    expect(await store.release('one', 'tick-a', { watermark: T0 - 120_000, followed: [] })).toBe(true);
    expect(await store.claim('one', 'tick-b')).toEqual({ watermark: T0 - 120_000, followed: [] });
  });

  it('stores nothing for a tick that lost its lease, and lets another tick take a lease that ran out', async () => {
    let now = T0;
    const store = storeAt(() => now);
    await store.claim('two', 'slow-tick');

    now += 60_001;
    expect(await store.claim('two', 'next-tick')).toEqual({ followed: [] });
    expect(await store.release('two', 'slow-tick', { watermark: now, followed: [] })).toBe(false);

    const item = await db.documents.send(new GetCommand({ TableName: BOT_TABLES.alerts.name, Key: { pk: watchItemKey('two') } }));
    expect(item.Item?.watermark).toBeUndefined();
    expect(item.Item?.leaseOwner).toBe('next-tick');
  });

  it('keeps the followed runs and the outage until a tick stores them changed', async () => {
    const store = storeAt(() => T0);
    const followed = [{ dagId: 'etl', runId: 'r1', since: T0 - 5_000, until: T0 + 600_000 }];
    const outage = { since: T0, reason: 'three: Airflow did not answer', notice: { channel: 'C1', ts: '1.2' } };
    await store.claim('three', 'a');
    await store.release('three', 'a', { watermark: T0, followed, outage });

    expect(await store.claim('three', 'b')).toEqual({ watermark: T0, followed, outage });
    await store.release('three', 'b', { watermark: T0 + 60_000, followed: [] });
    expect(await store.claim('three', 'c')).toEqual({ watermark: T0 + 60_000, followed: [] });
  });
});
