import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { BotError } from '../../src/errors';
import { createLambdaContext } from '../../local/lambda-context';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../local/local-dynamodb';
import { createApplyOnce, type ApplyOnce } from '../../src/idempotency/run-once-dynamodb';
import type { ActionOutcome } from '../../src/webhook-actions/action-outcome';
import { collectingLogger } from '../audit/collecting-logger';

const TABLE = 'apply-once-test';

/** The idempotency store against an in-process DynamoDB engine (dynalite), with the clock moved by hand. */
describe('createApplyOnce', () => {
  let dynamo: LocalDynamoDb;
  let once: ApplyOnce;
  let now: number;
  let calls: number;
  const context = () => createLambdaContext({ functionName: 'actions', timeoutMs: 20_000, clock: () => now });
  const work = (answer: Record<string, unknown> = { changed: 1 }) => async (): Promise<ActionOutcome> => {
    calls += 1;
    return { statusCode: 200, body: { ...answer, call: calls } };
  };

  beforeAll(async () => {
    dynamo = await startLocalDynamoDb({ idempotencyTable: TABLE });
  });
  afterAll(() => dynamo.close());
  beforeEach(() => {
    now = Date.UTC(2026, 10, 29, 12, 0, 0);
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    calls = 0;
    once = createApplyOnce({ client: dynamo.client, tableName: TABLE, logger: collectingLogger().logger, expiresAfterSeconds: 3600 });
  });
  afterEach(() => jest.restoreAllMocks());

  it('runs the work once and answers later calls with the same key and payload from the record', async () => {
    const first = await once.run('src:k1', { a: 1 }, work(), context());
    const second = await once.run('src:k1', { a: 1 }, work(), context());
    expect(first).toEqual({ statusCode: 200, body: { changed: 1, call: 1 } });
    expect(second).toEqual(first);
    expect(calls).toBe(1);
  });

  it('stores a completed record with its answer and an expiry in epoch seconds, and answers from it until then', async () => {
    await once.run('src:k-stored', { a: 1 }, work(), context());
    const { Items = [] } = await DynamoDBDocumentClient.from(dynamo.client).send(new ScanCommand({ TableName: TABLE }));
    const stored = Items.find((item) => item.data !== undefined && JSON.stringify(item.data).includes('"call":1'));
    expect(stored).toMatchObject({ status: 'COMPLETED', expiration: now / 1000 + 3600 });
    now += 3599 * 1000;
    expect(await once.run('src:k-stored', { a: 1 }, work(), context())).toEqual({ statusCode: 200, body: { changed: 1, call: 1 } });
    expect(calls).toBe(1);
  });

  it('runs the work again once the record has expired, though the engine never deleted it', async () => {
    await once.run('src:k2', { a: 1 }, work(), context());
    now += 3601 * 1000;
    const after = await once.run('src:k2', { a: 1 }, work(), context());
    expect(after).toEqual({ statusCode: 200, body: { changed: 1, call: 2 } });
    expect(calls).toBe(2);
  });

  it('refuses the same key with another payload as a conflict, without running the work', async () => {
    await once.run('src:k3', { a: 1 }, work(), context());
    const error = await once.run('src:k3', { a: 2 }, work(), context()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BotError);
    expect(error).toMatchObject({ kind: 'conflict', userMessage: 'This idempotency key was already used with a different body; nothing was changed.' });
    expect(calls).toBe(1);
  });

  it('refuses a call while the first is running, and lets it through after the first invocation would have timed out', async () => {
    let release: () => void = () => undefined;
    const slow = once.run(
      'src:k4',
      { a: 1 },
      () =>
        new Promise<ActionOutcome>((resolve) => {
          release = () => resolve({ statusCode: 200, body: { slow: true } });
        }),
      createLambdaContext({ functionName: 'actions', timeoutMs: 5_000, clock: () => now }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const during = await once.run('src:k4', { a: 1 }, work(), context()).catch((caught: unknown) => caught);
    expect(during).toMatchObject({ kind: 'conflict', userMessage: expect.stringContaining('still being processed') });
    expect(calls).toBe(0);

    // The first invocation's function would have been stopped by now: its record no longer holds.
    now += 6_000;
    const takenOver = await once.run('src:k4', { a: 1 }, work(), context());
    expect(takenOver).toEqual({ statusCode: 200, body: { changed: 1, call: 1 } });
    release();
    await slow.catch(() => undefined);
  });

  it('forgets a key whose work failed, so the caller may send it again', async () => {
    const failing = async (): Promise<ActionOutcome> => {
      calls += 1;
      throw new BotError('not_found', 'No such task instance.');
    };
    await expect(once.run('src:k5', { a: 1 }, failing, context())).rejects.toMatchObject({ kind: 'not_found' });
    expect(await once.run('src:k5', { a: 1 }, work(), context())).toEqual({ statusCode: 200, body: { changed: 1, call: 2 } });
  });

  it('answers "unavailable" and runs nothing when the store cannot be reached', async () => {
    const broken = createApplyOnce({ client: dynamo.client, tableName: 'no-such-table', logger: collectingLogger().logger });
    const error = await broken.run('src:k6', { a: 1 }, work(), context()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'unavailable', userMessage: 'The change could not be recorded safely, so it was not made; try again later.' });
    expect(calls).toBe(0);
  });
});
