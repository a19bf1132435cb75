import type { AuditRecord } from '../../src/audit/audit-trail';
import { auditExpiry, auditSubject } from '../../src/audit/audit-trail';
import { createMemoryAuditTrail } from '../../src/audit/audit-trail-memory';
import { BotError } from '../../src/errors';

const DAY_MS = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2026-11-23T09:00:00.000Z');
const TARGET = { deployment: 'prod', dagId: 'etl', runId: 'r1', taskId: 'load', mapIndex: -1 };
const SUBJECT = auditSubject('prod', TARGET);

function record(id: string, atMs: number, overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id,
    at: new Date(atMs).toISOString(),
    userId: 'UALICE0001',
    deployment: 'prod',
    action: 'clear',
    target: TARGET,
    outcome: 'applied',
    ...overrides,
  };
}

describe('auditSubject', () => {
  it('is the JSON of the deployment and the target: a task instance by its ids, any other target as it is', () => {
    expect(SUBJECT).toBe('["prod","etl","r1","load",-1]');
    expect(auditSubject('prod', 'etl (3 task instances)')).toBe('["prod","etl (3 task instances)"]');
    expect(auditSubject('a","b', 'c')).not.toBe(auditSubject('a', 'b","c'));
  });
});

describe('createMemoryAuditTrail', () => {
  it('reads the records of one subject back newest first, at most `limit` of them', async () => {
    const trail = createMemoryAuditTrail({ clock: () => T0 + DAY_MS });
    const first = record('a', T0);
    const second = record('b', T0 + 1000);
    const third = record('c', T0 + 2000);
    await trail.append(second);
    await trail.append(third);
    await trail.append(first);
    await trail.append(record('d', T0 + 3000, { target: { ...TARGET, taskId: 'other' } }));
    expect(await trail.recent(SUBJECT, 10)).toEqual([third, second, first]);
    expect(await trail.recent(SUBJECT, 2)).toEqual([third, second]);
  });

  it("reads one user's records back newest first over every target, at most `limit`, and no one else's", async () => {
    const trail = createMemoryAuditTrail({ clock: () => T0 + DAY_MS });
    const first = record('a', T0, { userId: 'UMINE00001' });
    const second = record('b', T0 + 1000, { userId: 'UMINE00001', target: { ...TARGET, taskId: 'other' } });
    await trail.append(second);
    await trail.append(first);
    await trail.append(record('c', T0 + 2000, { userId: 'UOTHER0001' }));
    expect(await trail.recentByUser('UMINE00001', 10)).toEqual([second, first]);
    expect(await trail.recentByUser('UMINE00001', 1)).toEqual([second]);
  });

  it('orders two records of the same millisecond by id', async () => {
    const trail = createMemoryAuditTrail({ clock: () => T0 });
    const a = record('a', T0);
    const b = record('b', T0);
    await trail.append(a);
    await trail.append(b);
    await trail.append(record('a', T0 - 1));
    expect((await trail.recent(SUBJECT, 10)).map((r) => `${r.at}#${r.id}`)).toEqual([
      `${a.at}#b`,
      `${a.at}#a`,
      `${new Date(T0 - 1).toISOString()}#a`,
    ]);
  });

  it('never overwrites a record: the same time and id are refused, and the first stays', async () => {
    const trail = createMemoryAuditTrail({ clock: () => T0 });
    const first = record('a', T0);
    await trail.append(first);
    const error = (await trail.append({ ...first, outcome: 'refused' }).catch((e: unknown) => e)) as BotError;
    expect(error).toBeInstanceOf(BotError);
    expect(error.kind).toBe('unavailable');
    expect(error.userMessage).toBe('Could not write the audit trail. Try again in a moment.');
    expect(error.details).toEqual({ reason: 'record exists' });
    expect(trail.all()).toEqual([first]);
  });

  it('keeps the same id at another time, or on another subject', async () => {
    const trail = createMemoryAuditTrail({ clock: () => T0 });
    await trail.append(record('a', T0));
    await trail.append(record('a', T0 + 1));
    await trail.append(record('a', T0, { target: 'all failed tasks' }));
    expect(trail.all()).toHaveLength(3);
  });

  it('leaves out records past their TTL: 400 days by default, or the configured number', async () => {
    const kept = record('a', T0);
    const expiry = auditExpiry(T0, 400) * 1000;
    let now = expiry - 1;
    const byDefault = createMemoryAuditTrail({ clock: () => now });
    await byDefault.append(kept);
    expect(await byDefault.recent(SUBJECT, 10)).toEqual([kept]);
    now = expiry;
    expect(await byDefault.recent(SUBJECT, 10)).toEqual([]);
    expect(byDefault.all()).toEqual([kept]);

    now = T0 + 30 * DAY_MS - 1;
    const short = createMemoryAuditTrail({ clock: () => now, ttlDays: 30 });
    await short.append(kept);
    expect(await short.recent(SUBJECT, 10)).toEqual([kept]);
    now = T0 + 30 * DAY_MS;
    expect(await short.recent(SUBJECT, 10)).toEqual([]);
  });

  it('uses the system clock when none is given', async () => {
    const trail = createMemoryAuditTrail();
    const recent = record('a', Date.now());
    await trail.append(recent);
    await trail.append(record('b', Date.now() - 401 * DAY_MS));
    expect(await trail.recent(SUBJECT, 10)).toEqual([recent]);
  });

  it('hands out copies: changing what was appended or read changes nothing stored', async () => {
    const trail = createMemoryAuditTrail({ clock: () => T0 });
    const appended = record('a', T0, { reason: 'confirmed' });
    await trail.append(appended);
    appended.reason = 'forged';
    const [read] = await trail.recent(SUBJECT, 1);
    expect(read?.reason).toBe('confirmed');
    read!.reason = 'forged';
    trail.all()[0]!.reason = 'forged';
    expect((await trail.recent(SUBJECT, 1))[0]?.reason).toBe('confirmed');
  });
});
