import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { BotError } from '../../src/errors';
import { createLambdaContext } from '../../local/lambda-context';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../local/local-dynamodb';
import { createDynamoDbRunOnce } from '../../src/idempotency/run-once-dynamodb';
import { createMemoryRunOnce, type RunOnce } from '../../src/idempotency/run-once';
import { collectingLogger } from '../audit/collecting-logger';

const TABLE = 'run-once-test';

interface Answer {
  changed: number;
  call: number;
}

/** The idempotency store against an in-process DynamoDB engine (dynalite), with the clock moved by hand. */
describe('createDynamoDbRunOnce', () => {
  let dynamo: LocalDynamoDb;
  let once: RunOnce;
  let now: number;
  let calls: number;
  const context = () => createLambdaContext({ functionName: 'actions', timeoutMs: 20_000, clock: () => now });
  const work = () => async (): Promise<Answer> => {
    calls += 1;
    return { changed: 1, call: calls };
  };

  beforeAll(async () => {
    dynamo = await startLocalDynamoDb({ idempotencyTable: TABLE });
  });
  afterAll(() => dynamo.close());
  beforeEach(() => {
    now = Date.UTC(2026, 10, 29, 12, 0, 0);
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    calls = 0;
    once = createDynamoDbRunOnce({ client: dynamo.client, tableName: TABLE, logger: collectingLogger().logger, expiresAfterSeconds: 3600 });
  });
  afterEach(() => jest.restoreAllMocks());

  it('runs the work once and answers later calls with the same key and payload from the record, saying so', async () => {
    const first = await once.run('src:k1', { a: 1 }, work(), context());
    const second = await once.run('src:k1', { a: 1 }, work(), context());
    expect(first).toEqual({ value: { changed: 1, call: 1 }, replayed: false });
    expect(second).toEqual({ value: { changed: 1, call: 1 }, replayed: true });
    expect(calls).toBe(1);
  });

  it('stores a completed record under "id" with its value and an expiry in epoch seconds, and answers from it until then', async () => {
    await once.run('src:k-stored', { a: 1 }, work(), context());
    const { Items = [] } = await DynamoDBDocumentClient.from(dynamo.client).send(new ScanCommand({ TableName: TABLE }));
    const stored = Items.find((item) => item.data !== undefined && JSON.stringify(item.data).includes('"call":1'));
    expect(stored).toMatchObject({ id: expect.any(String), status: 'COMPLETED', expiration: now / 1000 + 3600 });
    now += 3599 * 1000;
    expect(await once.run('src:k-stored', { a: 1 }, work(), context())).toEqual({ value: { changed: 1, call: 1 }, replayed: true });
    expect(calls).toBe(1);
  });

  it('runs the work again once the record has expired, though the engine never deleted it', async () => {
    await once.run('src:k2', { a: 1 }, work(), context());
    now += 3601 * 1000;
    expect(await once.run('src:k2', { a: 1 }, work(), context())).toEqual({ value: { changed: 1, call: 2 }, replayed: false });
  });

  it('refuses the same key with another payload as a conflict, without running the work', async () => {
    await once.run('src:k3', { a: 1 }, work(), context());
    const error = await once.run('src:k3', { a: 2 }, work(), context()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BotError);
    expect(error).toMatchObject({
      kind: 'conflict',
      userMessage: 'This idempotency key was already used with a different body; nothing was changed.',
      details: { reason: 'payload_mismatch' },
    });
    expect(calls).toBe(1);
  });

  it('refuses a call while the first is running, and lets it through after the first invocation would have timed out', async () => {
    let release: () => void = () => undefined;
    const slow = once.run(
      'src:k4',
      { a: 1 },
      () =>
        new Promise<Answer>((resolve) => {
          release = () => resolve({ changed: 0, call: 0 });
        }),
      createLambdaContext({ functionName: 'actions', timeoutMs: 5_000, clock: () => now }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const during = await once.run('src:k4', { a: 1 }, work(), context()).catch((caught: unknown) => caught);
    expect(during).toMatchObject({ kind: 'conflict', userMessage: expect.stringContaining('still being processed'), details: { reason: 'in_progress' } });
    expect(calls).toBe(0);

    // The first invocation's function would have been stopped by now: its record no longer holds.
    now += 6_000;
    expect(await once.run('src:k4', { a: 1 }, work(), context())).toEqual({ value: { changed: 1, call: 1 }, replayed: false });
    release();
    await slow.catch(() => undefined);
  });

  it('forgets a key whose work failed, so the caller may send it again', async () => {
    const failing = async (): Promise<Answer> => {
      calls += 1;
      throw new BotError('not_found', 'No such task instance.');
    };
    await expect(once.run('src:k5', { a: 1 }, failing, context())).rejects.toMatchObject({ kind: 'not_found' });
    expect(await once.run('src:k5', { a: 1 }, work(), context())).toEqual({ value: { changed: 1, call: 2 }, replayed: false });
  });

  it('answers "unavailable" and runs nothing when the store cannot be reached', async () => {
    const broken = createDynamoDbRunOnce({ client: dynamo.client, tableName: 'no-such-table', logger: collectingLogger().logger });
    const error = await broken.run('src:k6', { a: 1 }, work(), context()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'unavailable', userMessage: 'The change could not be recorded safely, so it was not made; try again later.' });
    expect(calls).toBe(0);
  });
});

describe('createMemoryRunOnce', () => {
  let now = 0;
  const once = () => createMemoryRunOnce({ clock: () => now, expiresAfterSeconds: 60 });

  it('runs once per key and payload, replays after, and refuses another payload or a call while the first runs', async () => {
    const store = once();
    let calls = 0;
    const work = async () => ({ call: (calls += 1) });
    expect(await store.run('k', { a: 1 }, work)).toEqual({ value: { call: 1 }, replayed: false });
    expect(await store.run('k', { a: 1 }, work)).toEqual({ value: { call: 1 }, replayed: true });
    await expect(store.run('k', { a: 2 }, work)).rejects.toMatchObject({ details: { reason: 'payload_mismatch' } });
    let release: () => void = () => undefined;
    const slow = store.run('slow', null, () => new Promise<number>((resolve) => (release = () => resolve(1))));
    await expect(store.run('slow', null, work)).rejects.toMatchObject({ details: { reason: 'in_progress' } });
    release();
    expect(await slow).toEqual({ value: 1, replayed: false });
    expect(calls).toBe(1);
  });

  it('forgets a key whose work failed, and one that expired', async () => {
    const store = once();
    await expect(store.run('k', null, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await store.run('k', null, async () => 'first')).toEqual({ value: 'first', replayed: false });
    now += 61_000;
    expect(await store.run('k', null, async () => 'again')).toEqual({ value: 'again', replayed: false });
  });
});
