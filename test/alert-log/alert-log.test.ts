import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { alertDayKey, createDynamoDbAlertLog, digestMarkKey } from '../../src/alert-log/alert-log';
import { isAcknowledged } from '../../src/alert-log/alert-record';
import { BOT_TABLES, useLocalDynamoDb } from '../helpers/local-dynamodb';

const T0 = Date.parse('2026-11-23T09:00:00.000Z');
const HOUR = 3_600_000;
const db = useLocalDynamoDb();
const table = BOT_TABLES.alerts.name;

function logAt(clock: () => number, dayEntriesMax?: number) {
  return createDynamoDbAlertLog({ client: db.documents, tableName: table, clock, leaseMs: 60_000, ...(dayEntriesMax === undefined ? {} : { dayEntriesMax }) });
}

async function putAlert(pk: string, doc: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  await db.documents.send(new PutCommand({ TableName: table, Item: { pk, doc: JSON.stringify(doc), expiresAt: Math.ceil(T0 / 1000) + 86_400, ...extra } }));
}

describe('DynamoDB alert log', () => {
  it("lists a channel's alerts across UTC days, once each, within the window", async () => {
    const log = logAt(() => T0);
    await log.recordPosted({ pk: 'alert#a', channel: 'CLIST', at: T0 - 20 * HOUR }); // the day before
    await log.recordPosted({ pk: 'alert#b', channel: 'CLIST', at: T0 - HOUR });
    await log.recordPosted({ pk: 'alert#b', channel: 'CLIST', at: T0 - HOUR }); // a retried post
    await log.recordPosted({ pk: 'alert#c', channel: 'COTHER', at: T0 - HOUR });
    await log.recordPosted({ pk: 'alert#old', channel: 'CLIST', at: T0 - 30 * HOUR });

    expect(await log.listChannel('CLIST', T0 - 24 * HOUR, T0)).toEqual({ pks: ['alert#a', 'alert#b'], notListed: 0 });
    expect(alertDayKey('CLIST', '2026-11-22')).toBe('alertday#["CLIST","2026-11-22"]');
  });

  it("counts what a day's list cannot hold instead of growing past it", async () => {
    const log = logAt(() => T0, 2);
    for (const name of ['x', 'y', 'z', 'w']) await log.recordPosted({ pk: `alert#${name}`, channel: 'CFULL', at: T0 });

    expect(await log.listChannel('CFULL', T0 - HOUR, T0)).toEqual({ pks: ['alert#x', 'alert#y'], notListed: 2 });
  });

  it('reads the records of alerts with a document, skipping expired and unfolded ones', async () => {
    const log = logAt(() => T0);
    const doc = { key: { deployment: 'prod', dagId: 'etl', runId: 'r1' }, channel: 'C1', deploymentDisplay: 'Prod', createdAt: T0, tasks: [] };
    await putAlert('alert#read-1', doc, { ts: '171.1' });
    await putAlert('alert#read-2', doc, { expiresAt: Math.floor(T0 / 1000) - 1 });
    await db.documents.send(new PutCommand({ TableName: table, Item: { pk: 'alert#read-3', expiresAt: Math.ceil(T0 / 1000) + 60 } }));

    const records = await log.read(['alert#read-1', 'alert#read-2', 'alert#read-3', 'alert#missing']);
    expect(records).toEqual([{ pk: 'alert#read-1', doc, ts: '171.1' }]);
    expect(isAcknowledged(records[0]!.doc)).toBe(false);
    expect(isAcknowledged({ acknowledgements: [{ userId: 'U1', at: T0 }] })).toBe(true);
  });

  it('reads more alerts than one BatchGetItem takes', async () => {
    const log = logAt(() => T0);
    const pks = Array.from({ length: 130 }, (_, index) => `alert#many-${index}`);
    for (const pk of pks) await putAlert(pk, { key: { deployment: 'prod', dagId: 'etl', runId: pk }, channel: 'C1', deploymentDisplay: 'Prod', createdAt: T0, tasks: [] });

    expect((await log.read(pks)).map((record) => record.pk).sort()).toEqual([...pks].sort());
  });

  it('marks an alert reminded once, even when two ticks try at the same time, and takes the mark back', async () => {
    const log = logAt(() => T0);
    await putAlert('alert#remind', { createdAt: T0 });

    expect((await Promise.all([log.markReminded('alert#remind', T0), log.markReminded('alert#remind', T0 + 1)])).sort()).toEqual([false, true]);
    expect(await log.markReminded('alert#remind', T0 + 2)).toBe(false);
    const [record] = await log.read(['alert#remind']);
    await log.unmarkReminded('alert#remind', record!.remindedAt!);
    expect(await log.markReminded('alert#remind', T0 + 3)).toBe(true);
    expect(await log.markReminded('alert#no-such-alert', T0)).toBe(false);
  });

  it('gives a digest to one tick, never again once posted, and back to the next tick when the post failed', async () => {
    let now = T0;
    const log = logAt(() => now);
    const mark = digestMarkKey('C1', '2026-11-23', '09:00 Europe/Berlin');

    expect((await Promise.all([log.claimDigest(mark, 'a'), log.claimDigest(mark, 'b')])).sort()).toEqual([false, true]);
    expect(await log.claimDigest(mark, 'c')).toBe(false);
    // Whoever holds it fails to post: the mark is free again.
    await log.finishDigest(mark, 'a', false);
    await log.finishDigest(mark, 'b', false);
    expect(await log.claimDigest(mark, 'd')).toBe(true);
    await log.finishDigest(mark, 'd', true);
    now += 3_600_000;
    expect(await log.claimDigest(mark, 'e')).toBe(false);
  });

  it('lets another tick post a digest whose holder died, once its lease ran out', async () => {
    let now = T0;
    const log = logAt(() => now);
    const mark = digestMarkKey('C2', '2026-11-23', '09:00 UTC');
    expect(await log.claimDigest(mark, 'died')).toBe(true);
    now += 60_001;
    expect(await log.claimDigest(mark, 'next')).toBe(true);
  });
});
