import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createMemorySnoozeStore, type SnoozeStore } from '../../src/snoozes/snooze-store';
import { createDynamoDbSnoozeStore, snoozeItemKey } from '../../src/snoozes/snooze-store-dynamodb';
import { describeSnoozeEnd, snoozeEnd } from '../../src/snoozes/snooze-time';
import { parseSnoozeDuration } from '../../src/protocol/snooze-values';
import { BOT_TABLES } from '../helpers/local-dynamodb';
import { useLocalDynamoDb } from '../helpers/local-dynamodb';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const HOUR = 60 * 60 * 1000;

describe('snoozeEnd', () => {
  it.each([
    ['Europe/Paris', '2026-11-23T22:30:00Z', '2026-11-24T08:00:00.000Z'],
    ['Europe/Paris', '2026-11-23T23:30:00Z', '2026-11-25T08:00:00.000Z'],
    ['Europe/Paris', '2026-03-28T12:00:00Z', '2026-03-29T07:00:00.000Z'],
    ['America/Los_Angeles', '2026-11-23T22:30:00Z', '2026-11-24T17:00:00.000Z'],
    ['Not/AZone', '2026-11-23T22:30:00Z', '2026-11-24T09:00:00.000Z'],
  ])('ends a snooze until tomorrow at 9:00 in %s (asked at %s) at %s', (zone, asked, expected) => {
    expect(new Date(snoozeEnd('tomorrow', Date.parse(asked), zone)).toISOString()).toBe(expected);
  });

  it('ends the hour and four-hour snoozes after that long', () => {
    expect(snoozeEnd('1h', T0, 'Europe/Paris') - T0).toBe(HOUR);
    expect(snoozeEnd('4h', T0, 'Europe/Paris') - T0).toBe(4 * HOUR);
  });

  it('shows the end with its day only when it is not today', () => {
    expect(describeSnoozeEnd(T0 + HOUR, T0, 'Europe/Paris')).toBe('11:00 (Europe/Paris)');
    expect(describeSnoozeEnd(T0 + 24 * HOUR, T0, 'Europe/Paris')).toBe('Tue 24 Nov 10:00 (Europe/Paris)');
  });
});

describe('parseSnoozeDuration', () => {
  it.each([
    ['30m', 30 * 60 * 1000],
    ['4h', 4 * HOUR],
    ['2D', 48 * HOUR],
    ['7d', 168 * HOUR],
  ])('reads %s', (text, ms) => expect(parseSnoozeDuration(text)).toBe(ms));

  it.each(['0m', '8d', '4', 'h', '1.5h', '4 hours', '-1h'])('refuses %s', (text) => expect(parseSnoozeDuration(text)).toBeUndefined());
});

describe.each(['memory', 'DynamoDB'])('the %s snooze store', (kind) => {
  const dynamo = useLocalDynamoDb();
  let now = T0;
  let store: SnoozeStore;
  let deployment: string;
  let n = 0;
  beforeEach(() => {
    now = T0;
    deployment = `prod-${kind.toLowerCase()}-${++n}`;
    store =
      kind === 'memory'
        ? createMemorySnoozeStore(() => now)
        : createDynamoDbSnoozeStore({ client: dynamo.documents, tableName: BOT_TABLES.alerts.name, clock: () => now });
  });
  const snooze = (dagId: string, until: number) => store.put({ deployment, dagId, until, at: now, by: 'U1' });

  it('holds a snooze until its end, on every read, counting each run once', async () => {
    await snooze('etl', T0 + HOUR);
    expect(await store.hold(deployment, 'etl', 'r1')).toMatchObject({ counted: true, snooze: { suppressedRuns: ['r1'] } });
    expect(await store.hold(deployment, 'etl', 'r1')).toMatchObject({ counted: false, snooze: { suppressedRuns: ['r1'] } });
    expect(await store.hold(deployment, 'other', 'r1')).toBeUndefined();

    now = T0 + HOUR;
    expect(await store.get(deployment, 'etl')).toBeUndefined();
    expect(await store.hold(deployment, 'etl', 'r2')).toBeUndefined();
    expect(await store.list([deployment])).toEqual([]);
    expect(await store.end(deployment, 'etl')).toBeUndefined();
  });

  it('lists the snoozes of the deployments asked, soonest to end first', async () => {
    await snooze('late', T0 + 2 * HOUR);
    await snooze('soon', T0 + HOUR);
    expect((await store.list([deployment])).map((s) => s.dagId)).toEqual(['soon', 'late']);
    expect(await store.list(['elsewhere'])).toEqual([]);
  });

  it('lists, since a time, the snoozes that hold and those that ended since (kept a week for their count)', async () => {
    await snooze('ended_early', T0 + HOUR);
    await snooze('ended_late', T0 + 3 * HOUR);
    await store.hold(deployment, 'ended_late', 'r1');
    await snooze('holds', T0 + 30 * HOUR);
    now = T0 + 5 * HOUR;
    await snooze('set_now', T0 + 6 * HOUR);
    await store.end(deployment, 'set_now');

    expect((await store.list([deployment])).map((s) => s.dagId)).toEqual(['holds']);
    const since = await store.listSince([deployment], T0 + 2 * HOUR);
    expect(since.map((s) => [s.dagId, s.suppressedRuns])).toEqual([
      ['ended_late', ['r1']],
      ['set_now', []],
      ['holds', []],
    ]);
    expect(await store.listSince(['elsewhere'], T0)).toEqual([]);
    now = T0 + 30 * HOUR + 8 * 24 * HOUR;
    expect((await store.listSince([deployment], T0)).map((s) => s.dagId)).toEqual([]);
  });

  it('ends a snooze now, giving back the one that held with its count', async () => {
    await snooze('etl', T0 + HOUR);
    await store.hold(deployment, 'etl', 'r1');
    expect(await store.end(deployment, 'etl')).toMatchObject({ dagId: 'etl', suppressedRuns: ['r1'] });
    expect(await store.get(deployment, 'etl')).toBeUndefined();
  });

  it('remembers one notice line per snooze', async () => {
    await snooze('etl', T0 + HOUR);
    const held = await store.get(deployment, 'etl');
    expect(await store.setNotice(held!, '1.1')).toBe(true);
    expect(await store.setNotice(held!, '1.2')).toBe(false);
    expect((await store.get(deployment, 'etl'))?.noticeTs).toBe('1.1');
  });

  if (kind === 'DynamoDB') {
    it('ignores an item past its expiry that TTL has not deleted yet', async () => {
      await dynamo.documents.send(
        new PutCommand({
          TableName: BOT_TABLES.alerts.name,
          Item: { pk: snoozeItemKey(deployment, 'stale'), deployment, dagId: 'stale', until: T0 + HOUR, at: T0, by: 'U1', expiresAt: Math.floor(T0 / 1000) - 1 },
        }),
      );
      expect(await store.get(deployment, 'stale')).toBeUndefined();
    });
  }
});
