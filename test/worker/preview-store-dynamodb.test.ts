import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { BotError } from '../../src/errors';
import type { StoredPreview } from '../../src/worker/previews/preview-store';
import { createDynamoDbPreviewStore } from '../../src/worker/previews/preview-store-dynamodb';
import { BOT_TABLES, useLocalDynamoDb } from '../helpers/local-dynamodb';

const dynamo = useLocalDynamoDb();
const T0 = Date.parse('2026-11-23T09:00:00.000Z');
const MINUTE = 60_000;

let seq = 0;
function preview(overrides: Partial<StoredPreview> = {}): StoredPreview {
  seq += 1;
  return {
    previewId: `pv-${seq}`,
    target: { deployment: 'prod', dagId: 'etl', runId: 'r1', taskId: 'load', mapIndex: -1, tryNumber: 2 },
    action: { kind: 'set_state', newState: 'success', includeUpstream: false, includeDownstream: true },
    expectedState: 'failed',
    expectedTry: 2,
    requestedBy: 'UALICE0001',
    teamId: 'T0001',
    affected: [{ dagId: 'etl', runId: 'r1', taskId: 'load', mapIndex: -1, state: 'failed' }],
    createdAt: T0,
    validUntil: T0 + 15 * MINUTE,
    ...overrides,
  };
}

const store = () => createDynamoDbPreviewStore({ client: dynamo.documents, tableName: BOT_TABLES.previewLedger.name });

describe('createDynamoDbPreviewStore (against dynalite)', () => {
  it('stores a preview as shown and gives it back whole', async () => {
    const shown = preview();
    await store().save(shown);
    expect(await store().get(shown.previewId)).toEqual(shown);
  });

  it('claims a stored preview once, with exactly what was stored; every later claim is refused as claimed', async () => {
    const shown = preview();
    await store().save(shown);
    expect(await store().claim(shown.previewId, { by: 'UALICE0001', as: 'confirmed', now: T0 + MINUTE })).toEqual({ ok: true, preview: shown });
    expect(await store().claim(shown.previewId, { by: 'UBOB000001', as: 'confirmed', now: T0 + MINUTE })).toEqual({
      ok: false,
      reason: 'claimed',
      preview: shown,
    });
    expect(await store().claim(shown.previewId, { by: 'UALICE0001', as: 'cancelled', now: T0 + MINUTE })).toMatchObject({ ok: false, reason: 'claimed' });
  });

  it('refuses a preview the bot never issued', async () => {
    expect(await store().get('never-issued')).toBeUndefined();
    expect(await store().claim('never-issued', { by: 'UALICE0001', as: 'confirmed', now: T0 })).toEqual({ ok: false, reason: 'unknown' });
  });

  it('refuses an expired preview, and it stays unclaimed', async () => {
    const shown = preview();
    await store().save(shown);
    expect(await store().claim(shown.previewId, { by: 'UALICE0001', as: 'confirmed', now: shown.validUntil })).toEqual({
      ok: false,
      reason: 'expired',
      preview: shown,
    });
    expect(await store().claim(shown.previewId, { by: 'UALICE0001', as: 'confirmed', now: shown.validUntil + 1 })).toMatchObject({
      reason: 'expired',
    });
  });

  it('lets exactly one of 20 claims made at the same moment through', async () => {
    const shown = preview();
    await store().save(shown);
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store().claim(shown.previewId, { by: `U${i}`, as: 'confirmed', now: T0 + MINUTE })),
    );
    expect(claims.filter((claim) => claim.ok)).toHaveLength(1);
    expect(claims.filter((claim) => !claim.ok && claim.reason === 'claimed')).toHaveLength(19);
  });

  it('refuses to store a second preview under an id already issued', async () => {
    const shown = preview();
    await store().save(shown);
    const error = await store().save({ ...shown, action: { kind: 'clear', includeUpstream: false, includeDownstream: false } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BotError);
    expect((error as BotError).kind).toBe('internal');
    expect(await store().get(shown.previewId)).toEqual(shown);
  });

  it('turns an unreachable table into an unavailable BotError that says nothing changed', async () => {
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 }),
    );
    const broken = createDynamoDbPreviewStore({ client, tableName: BOT_TABLES.previewLedger.name });
    await expect(broken.claim('pv-1', { by: 'U1', as: 'confirmed', now: T0 })).rejects.toMatchObject({
      kind: 'unavailable',
      userMessage: 'Could not reach the store of previews, so nothing was changed. Try again in a moment.',
    });
  });

  it('keeps an item a day past its validity, in epoch seconds rounded up, for the table TTL', async () => {
    const shown = preview({ validUntil: T0 + 15 * MINUTE + 1 });
    await store().save(shown);
    const raw = await dynamo.documents.send(new GetCommand({ TableName: BOT_TABLES.previewLedger.name, Key: { previewId: shown.previewId } }));
    expect(raw.Item?.expiresAt).toBe((T0 + 15 * MINUTE) / 1000 + 1 + 24 * 60 * 60);
    expect(raw.Item?.validUntil).toBe(shown.validUntil);
  });

  it('reads previews with strongly consistent reads, so a claim just made is seen', async () => {
    const shown = preview();
    await store().save(shown);
    const sent: unknown[] = [];
    const spying = {
      send: (command: { input: unknown }) => {
        sent.push(command);
        return dynamo.documents.send(command as GetCommand);
      },
    } as unknown as DynamoDBDocumentClient;
    const spied = createDynamoDbPreviewStore({ client: spying, tableName: BOT_TABLES.previewLedger.name });
    await spied.get(shown.previewId);
    const gets = sent.filter((command) => command instanceof GetCommand) as GetCommand[];
    expect(gets).toHaveLength(1);
    expect(gets[0]!.input.ConsistentRead).toBe(true);
  });

  it('treats an item without a preview as a preview the bot never issued', async () => {
    const tableName = BOT_TABLES.previewLedger.name;
    await dynamo.documents.send(new PutCommand({ TableName: tableName, Item: { previewId: 'pv-bare', validUntil: T0 + 15 * MINUTE } }));
    expect(await store().get('pv-bare')).toBeUndefined();
    expect(await store().claim('pv-bare', { by: 'UALICE0001', as: 'confirmed', now: T0 })).toEqual({ ok: false, reason: 'unknown' });
  });

  it('names the table in a second issue of an id, and keeps the store failure as its cause', async () => {
    const shown = preview();
    await store().save(shown);
    const error = (await store().save(shown).catch((e: unknown) => e)) as BotError;
    expect(error).toBeInstanceOf(BotError);
    expect(error.userMessage).toBe('A preview id was issued twice.');
    expect(error.details).toEqual({ table: BOT_TABLES.previewLedger.name });
    expect(error.cause).toMatchObject({ name: 'ConditionalCheckFailedException' });
  });

  it('reports a store that cannot be reached on save as unavailable, not as an id issued twice', async () => {
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 }),
    );
    const broken = createDynamoDbPreviewStore({ client, tableName: 'previews-table' });
    const error = (await broken.save(preview()).catch((e: unknown) => e)) as BotError;
    expect(error).toBeInstanceOf(BotError);
    expect(error.kind).toBe('unavailable');
    expect(error.details).toEqual({ table: 'previews-table' });
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('does not read the preview back when the claim itself failed to reach the store', async () => {
    const shown = preview();
    await store().save(shown);
    const failure = new Error('socket hang up');
    const flaky = {
      send: (command: unknown) => {
        if (command instanceof UpdateCommand) return Promise.reject(failure);
        return dynamo.documents.send(command as GetCommand);
      },
    } as unknown as DynamoDBDocumentClient;
    const claiming = createDynamoDbPreviewStore({ client: flaky, tableName: BOT_TABLES.previewLedger.name });
    const error = (await claiming.claim(shown.previewId, { by: 'UALICE0001', as: 'confirmed', now: T0 + MINUTE }).catch((e: unknown) => e)) as BotError;
    expect(error).toBeInstanceOf(BotError);
    expect(error.kind).toBe('unavailable');
    expect(error.cause).toBe(failure);
    expect(await store().claim(shown.previewId, { by: 'UALICE0001', as: 'confirmed', now: T0 + MINUTE })).toEqual({ ok: true, preview: shown });
  });
});
