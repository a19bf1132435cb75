import { createDynamoDbNoteLease } from '../../src/worker/notes/note-lease-dynamodb';
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
});
