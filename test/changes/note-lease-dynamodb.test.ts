import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { BotError } from '../../src/errors';
import { createDynamoDbNoteLease } from '../../src/changes/note-lease-dynamodb';
import { collectingLogger } from '../audit/collecting-logger';
import { BOT_TABLES, useLocalDynamoDb } from '../helpers/local-dynamodb';

const dynamo = useLocalDynamoDb();
const T0 = Date.parse('2026-11-23T09:00:00.000Z');

function lease(now: () => number) {
  const { logger, lines } = collectingLogger();
  return { lease: createDynamoDbNoteLease({ client: dynamo.documents, tableName: BOT_TABLES.noteLeases.name, logger, clock: now }), lines };
}

describe('createDynamoDbNoteLease (against dynalite)', () => {
  it('gives a free lease, refuses it to others while held, and gives it again once released', async () => {
    const { lease: notes } = lease(() => T0);
    expect(await notes.acquire('ti-1', 'writer-a', 15_000)).toBe(true);
    expect(await notes.acquire('ti-1', 'writer-b', 15_000)).toBe(false);
    expect(await notes.acquire('ti-2', 'writer-b', 15_000)).toBe(true);
    await notes.release('ti-1', 'writer-a');
    expect(await notes.acquire('ti-1', 'writer-b', 15_000)).toBe(true);
  });

  it('lets an expired lease be taken over', async () => {
    let now = T0;
    const { lease: notes } = lease(() => now);
    expect(await notes.acquire('ti-expiring', 'crashed-writer', 15_000)).toBe(true);
    now = T0 + 14_999;
    expect(await notes.acquire('ti-expiring', 'writer-b', 15_000)).toBe(false);
    now = T0 + 15_001;
    expect(await notes.acquire('ti-expiring', 'writer-b', 15_000)).toBe(true);
    expect(await notes.acquire('ti-expiring', 'writer-c', 15_000)).toBe(false);
  });

  it('never releases a lease someone else holds now', async () => {
    let now = T0;
    const { lease: notes } = lease(() => now);
    await notes.acquire('ti-taken-over', 'slow-writer', 1_000);
    now = T0 + 2_000;
    await notes.acquire('ti-taken-over', 'writer-b', 15_000);
    await notes.release('ti-taken-over', 'slow-writer');
    expect(await notes.acquire('ti-taken-over', 'writer-c', 15_000)).toBe(false);
  });

  it('gives the lease to exactly one of 20 writers asking at once', async () => {
    const { lease: notes } = lease(() => T0);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => notes.acquire('ti-contended', `writer-${i}`, 15_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('stores who holds the lease and until when, and lets the table TTL remove it an hour later', async () => {
    const { lease: notes } = lease(() => T0 + 1);
    await notes.acquire('ti-stored', 'writer-a', 15_000);
    const raw = await dynamo.documents.send(new GetCommand({ TableName: BOT_TABLES.noteLeases.name, Key: { leaseKey: 'ti-stored' } }));
    expect(raw.Item).toEqual({ leaseKey: 'ti-stored', owner: 'writer-a', leaseUntil: T0 + 15_001, expiresAt: (T0 + 15_000) / 1000 + 1 + 3600 });
  });

  it('says nothing when a lease taken over by someone else cannot be released', async () => {
    let now = T0;
    const { lease: notes, lines } = lease(() => now);
    await notes.acquire('ti-quiet', 'slow-writer', 1_000);
    now = T0 + 2_000;
    await notes.acquire('ti-quiet', 'writer-b', 15_000);
    await notes.release('ti-quiet', 'slow-writer');
    expect(lines).toEqual([]);
  });

  describe('with the store down', () => {
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 }),
    );

    it('refuses to take the lease with an unavailable BotError naming the table', async () => {
      const { logger } = collectingLogger();
      const notes = createDynamoDbNoteLease({ client, tableName: 'leases-table', logger, clock: () => T0 });
      const error = (await notes.acquire('ti-1', 'writer-a', 15_000).catch((e: unknown) => e)) as BotError;
      expect(error).toBeInstanceOf(BotError);
      expect(error.kind).toBe('unavailable');
      expect(error.userMessage).toBe('Could not reach the note lock, so the note was not written. Try again in a moment.');
      expect(error.details).toEqual({ table: 'leases-table' });
      expect(error.cause).toBeInstanceOf(Error);
    });

    it('lets a lease it cannot release expire, and logs a warning naming the table', async () => {
      const { logger, lines } = collectingLogger();
      const notes = createDynamoDbNoteLease({ client, tableName: 'leases-table', logger, clock: () => T0 });
      await expect(notes.release('ti-1', 'writer-a')).resolves.toBeUndefined();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 'warn', msg: 'could not release a note lease', table: 'leases-table', err: expect.any(Object) });
    });
  });
});
