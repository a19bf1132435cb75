import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditRecord } from '../../src/audit/audit-trail';
import { auditSubject } from '../../src/audit/audit-trail';
import { createDynamoDbAuditTrail } from '../../src/audit/audit-trail-dynamodb';
import { BotError } from '../../src/errors';
import { BOT_TABLES, useLocalDynamoDb } from '../helpers/local-dynamodb';

const dynamo = useLocalDynamoDb();
const TABLE = BOT_TABLES.audit.name;
const DAY_MS = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2026-11-23T09:00:00.000Z');

let seq = 0;
function record(overrides: Partial<AuditRecord> = {}): AuditRecord {
  seq += 1;
  return {
    id: `a${seq}`,
    at: new Date(T0 + seq * 1000).toISOString(),
    userId: 'UALICE0001',
    userName: 'alice',
    teamId: 'T0001',
    channelId: 'C0001',
    deployment: 'prod',
    action: 'mark_success',
    target: { deployment: 'prod', dagId: 'etl', runId: `run-${seq}`, taskId: 'load', mapIndex: -1 },
    outcome: 'applied',
    previewId: `p${seq}`,
    requestId: `r${seq}`,
    ...overrides,
  };
}

function trail(now: number, ttlDays?: number) {
  return createDynamoDbAuditTrail({ client: dynamo.documents, tableName: TABLE, clock: () => now, ...(ttlDays === undefined ? {} : { ttlDays }) });
}

describe('createDynamoDbAuditTrail (against dynalite)', () => {
  it('stores every field of a record and reads the history of one task instance back, newest first', async () => {
    const target = { deployment: 'prod', dagId: 'etl', runId: 'history', taskId: 'load', mapIndex: -1 };
    const first = record({ target, outcome: 'allowed', reason: 'previewed' });
    const second = record({ target, outcome: 'applied' });
    const elsewhere = record();
    const store = trail(T0);
    await store.append(first);
    await store.append(second);
    await store.append(elsewhere);

    expect(await store.recent(auditSubject('prod', target), 10)).toEqual([second, first]);
    expect(await store.recent(auditSubject('prod', target), 1)).toEqual([second]);
  });

  it('writes a TTL of 400 days by default, or the configured number of days', async () => {
    const byDefault = record();
    const short = record();
    await trail(T0).append(byDefault);
    await trail(T0, 30).append(short);
    const expiresAt = async (r: AuditRecord) =>
      (
        await dynamo.documents.send(
          new GetCommand({ TableName: TABLE, Key: { subject: auditSubject(r.deployment, r.target), sortKey: `${r.at}#${r.id}` } }),
        )
      ).Item?.expiresAt;
    expect(await expiresAt(byDefault)).toBe(Math.ceil(Date.parse(byDefault.at) / 1000) + 400 * 86_400);
    expect(await expiresAt(short)).toBe(Math.ceil(Date.parse(short.at) / 1000) + 30 * 86_400);
  });

  it('never overwrites a record: the same record twice is refused and the first stays as it was', async () => {
    const original = record({ reason: 'the original' });
    const store = trail(T0);
    await store.append(original);

    const error = await store.append({ ...original, outcome: 'refused', reason: 'a rewrite' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BotError);
    expect((error as BotError).kind).toBe('unavailable');
    expect(await store.recent(auditSubject('prod', original.target), 10)).toEqual([original]);
  });

  it('leaves out records past their TTL on read, though the table still holds them', async () => {
    const target = { deployment: 'prod', dagId: 'etl', runId: 'expiring', taskId: 'load', mapIndex: -1 };
    const old = record({ target, at: new Date(T0).toISOString() });
    const recent = record({ target, at: new Date(T0 + 20 * DAY_MS).toISOString() });
    await trail(T0, 30).append(old);
    await trail(T0, 30).append(recent);
    const subject = auditSubject('prod', target);

    expect(await trail(T0 + 29 * DAY_MS, 30).recent(subject, 10)).toEqual([recent, old]);
    expect(await trail(T0 + 31 * DAY_MS, 30).recent(subject, 10)).toEqual([recent]);
    const stored = await dynamo.documents.send(
      new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'subject = :s', ExpressionAttributeValues: { ':s': subject } }),
    );
    expect(stored.Items).toHaveLength(2);
  });

  it('keeps 20 records written at once, each exactly once', async () => {
    const target = { deployment: 'prod', dagId: 'etl', runId: 'concurrent', taskId: 'load', mapIndex: -1 };
    const at = new Date(T0).toISOString();
    const records = Array.from({ length: 20 }, (_, i) => record({ target, at, id: `c${i}`, userId: `U${String(i).padStart(9, '0')}` }));
    await Promise.all(records.map((r) => trail(T0).append(r)));
    const read = await trail(T0).recent(auditSubject('prod', target), 50);
    expect(read.map((r) => r.id).sort()).toEqual(records.map((r) => r.id).sort());
  });

  it('keeps targets whose ids contain separators apart', async () => {
    const a = record({ target: { deployment: 'prod', dagId: 'a|b', runId: 'c', taskId: 'd', mapIndex: -1 } });
    const b = record({ target: { deployment: 'prod', dagId: 'a', runId: 'b|c', taskId: 'd', mapIndex: -1 } });
    await trail(T0).append(a);
    await trail(T0).append(b);
    expect(await trail(T0).recent(auditSubject('prod', a.target), 10)).toEqual([a]);
  });

  it("reads one user's records back through the byUser index, newest first, whatever the target, and no one else's", async () => {
    const userId = 'UBYUSER001';
    const mark = record({ userId });
    const refusedRead = record({ userId, action: 'read', target: 'prod', outcome: 'refused', reason: 'not a reader of this deployment' });
    const note = record({ userId, action: 'note' });
    const someoneElse = record({ userId: 'UBYUSER002' });
    for (const r of [mark, refusedRead, note, someoneElse]) await trail(T0).append(r);

    expect(await trail(T0).recentByUser(userId, 10)).toEqual([note, refusedRead, mark]);
    expect(await trail(T0).recentByUser(userId, 2)).toEqual([note, refusedRead]);
    expect(await trail(T0).recentByUser('UNOBODY001', 10)).toEqual([]);
  });

  it("leaves a user's records past their TTL out of the index's answer too", async () => {
    const userId = 'UBYUSER003';
    const old = record({ userId, at: new Date(T0).toISOString() });
    const recent = record({ userId, at: new Date(T0 + 20 * DAY_MS).toISOString() });
    await trail(T0, 30).append(old);
    await trail(T0, 30).append(recent);
    expect(await trail(T0 + 31 * DAY_MS, 30).recentByUser(userId, 10)).toEqual([recent]);
  });

  it("asks the byUser index for a user's newest records, between 1 and 100 at a time", async () => {
    const queries: QueryCommand[] = [];
    const spying = {
      send: (command: QueryCommand) => {
        queries.push(command);
        return dynamo.documents.send(command);
      },
    } as unknown as DynamoDBDocumentClient;
    const spied = createDynamoDbAuditTrail({ client: spying, tableName: TABLE, clock: () => T0 });
    await spied.recentByUser('UNOBODY001', 0);
    await spied.recentByUser('UNOBODY001', 10);
    await spied.recentByUser('UNOBODY001', 1000);
    expect(queries.map((query) => [query.input.IndexName, query.input.Limit, query.input.ScanIndexForward])).toEqual([
      ['byUser', 1, false],
      ['byUser', 10, false],
      ['byUser', 100, false],
    ]);
  });

  it('turns an unreachable table into an unavailable BotError', async () => {
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 }),
    );
    const broken = createDynamoDbAuditTrail({ client, tableName: TABLE });
    await expect(broken.append(record())).rejects.toMatchObject({ kind: 'unavailable', userMessage: 'Could not write the audit trail. Try again in a moment.' });
    await expect(broken.recent('x', 1)).rejects.toMatchObject({ kind: 'unavailable', userMessage: 'Could not read the audit trail. Try again in a moment.' });
    await expect(broken.recentByUser('U1', 1)).rejects.toMatchObject({ kind: 'unavailable', userMessage: 'Could not read the audit trail. Try again in a moment.' });
  });

  it('names the table and keeps the store failure as the cause of an unavailable BotError', async () => {
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 }),
    );
    const broken = createDynamoDbAuditTrail({ client, tableName: 'audit-table' });
    for (const error of [await broken.append(record()).catch((e: unknown) => e), await broken.recent('x', 1).catch((e: unknown) => e)]) {
      expect(error).toBeInstanceOf(BotError);
      expect((error as BotError).details).toEqual({ table: 'audit-table' });
      expect((error as BotError).cause).toBeInstanceOf(Error);
    }
  });

  it('stores a record without its optional fields, leaving them out rather than storing them empty', async () => {
    const bare = record({ userName: undefined, teamId: undefined, channelId: undefined, previewId: undefined, requestId: undefined, reason: undefined });
    await trail(T0).append(bare);
    const [read] = await trail(T0).recent(auditSubject('prod', bare.target), 1);
    expect(read).toEqual({ id: bare.id, at: bare.at, userId: bare.userId, deployment: 'prod', action: bare.action, target: bare.target, outcome: 'applied' });
    expect(Object.keys(read!)).not.toContain('userName');
  });

  it('asks for the newest records first, read consistently, between 1 and 100 at a time', async () => {
    const queries: QueryCommand[] = [];
    const spying = {
      send: (command: QueryCommand) => {
        queries.push(command);
        return dynamo.documents.send(command);
      },
    } as unknown as DynamoDBDocumentClient;
    const spied = createDynamoDbAuditTrail({ client: spying, tableName: TABLE, clock: () => T0 });
    await spied.recent('["prod","none"]', 0);
    await spied.recent('["prod","none"]', 7);
    await spied.recent('["prod","none"]', 1000);
    expect(queries.map((query) => query.input.Limit)).toEqual([1, 7, 100]);
    for (const query of queries) {
      expect(query.input.ConsistentRead).toBe(true);
      expect(query.input.ScanIndexForward).toBe(false);
    }
  });
});
