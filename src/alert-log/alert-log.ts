import { BatchGetCommand, GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailure } from '../aws/conditional-check';
import type { Clock } from '../clock';
import { BotError } from '../errors';
import { recordOfItem, type AlertRecord } from './alert-record';

/**
 * The on-call loop's side of the alert table. The table is keyed by `pk` alone, so "this channel's
 * alerts of the last day" needs an index: one item per channel per UTC day
 * (`alertday#["C1","2026-11-23"]`) listing the alerts posted there that day, appended to when an
 * alert is first posted. Reading a channel's last day is then two or three `GetItem`s and a
 * `BatchGetItem` of the alerts, whatever the table holds (a `Scan` would read every alert of the
 * last week, on every tick). The same table holds the once-only marks: `remindedAt` on the alert
 * item, and one `digestpost#…` item per channel, day and schedule.
 */
export interface AlertLog {
  /** Lists a newly posted alert under its channel and day (a bounded list; see `DAY_ENTRIES_MAX`). */
  recordPosted(entry: { pk: string; channel: string; at: number }): Promise<void>;
  /**
   * The alerts posted in `channel` from `since` to `until` (milliseconds), oldest first, and how
   * many more there were than the days' lists could hold.
   */
  listChannel(channel: string, since: number, until: number): Promise<{ pks: string[]; notListed: number }>;
  /** The alerts' records, skipping any gone or not folded yet; in no particular order. */
  read(pks: readonly string[]): Promise<AlertRecord[]>;
  /** Marks the alert reminded, once: `false` when it already was (or has no document). */
  markReminded(pk: string, at: number): Promise<boolean>;
  /** Takes the mark back (the reminder could not be posted), so a later tick tries again. */
  unmarkReminded(pk: string, at: number): Promise<void>;
  /**
   * Takes a digest's once-a-day mark for one tick: `false` when it was posted already, or another
   * tick holds it (its lease runs `leaseMs`).
   */
  claimDigest(mark: string, owner: string): Promise<boolean>;
  /** Records the digest posted (`true`: never again), or gives the mark back for the next tick. */
  finishDigest(mark: string, owner: string, posted: boolean): Promise<void>;
}

export interface DynamoDbAlertLogOptions {
  client: DynamoDBDocumentClient;
  /** The alert table (`ALERT_TABLE`), keyed by `pk`. */
  tableName: string;
  clock: Clock;
  /**
   * How long a tick may hold a digest's mark before another may post it (a tick that died first).
   *
   * @default 120_000
   */
  leaseMs?: number;
  /** Alerts listed per channel per day. @default DAY_ENTRIES_MAX */
  dayEntriesMax?: number;
}

/**
 * Alerts listed per channel per day. An entry is the alert's `pk` and a time: at most about 560
 * bytes (ids of 32, 250 and 250 characters, as JSON), so 500 stay under 300 KB, inside DynamoDB's
 * 400 KB item limit; typical entries are a tenth of that. Alerts beyond are counted (`notListed`).
 */
export const DAY_ENTRIES_MAX = 500;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Index items outlive the alerts they list (7 days after their last event). */
const INDEX_TTL_MS = 9 * DAY_MS;
const MARK_TTL_MS = 3 * DAY_MS;
const BATCH_GET_MAX = 100;
const BATCH_GET_ROUNDS = 8;

/** The partition key of a channel's list of alerts for one UTC day (`2026-11-23`). */
export function alertDayKey(channel: string, utcDate: string): string {
  return `alertday#${JSON.stringify([channel, utcDate])}`;
}

/** The partition key of a digest's once-a-day mark. */
export function digestMarkKey(channel: string, localDate: string, schedule: string): string {
  return `digestpost#${JSON.stringify([channel, localDate, schedule])}`;
}

function utcDate(instant: number): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/**
 * The alert log on DynamoDB.
 *
 * @example
 * const log = createDynamoDbAlertLog({ client: DynamoDBDocumentClient.from(new DynamoDBClient({})), tableName, clock: Date.now });
 * const { pks } = await log.listChannel('C1', Date.now() - 86_400_000, Date.now());
 */
export function createDynamoDbAlertLog(options: DynamoDbAlertLogOptions): AlertLog {
  const { client, tableName, clock } = options;
  const leaseMs = options.leaseMs ?? 120_000;
  const dayEntriesMax = options.dayEntriesMax ?? DAY_ENTRIES_MAX;
  const seconds = (ms: number) => Math.ceil(ms / 1000);

  async function send<T>(what: string, run: () => Promise<T>): Promise<T | 'condition failed'> {
    try {
      return await run();
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'condition failed';
      throw new BotError('unavailable', `Could not ${what} the alert log.`, { cause: error, details: { table: tableName } });
    }
  }

  return {
    async recordPosted({ pk, channel, at }) {
      const key = { pk: alertDayKey(channel, utcDate(at)) };
      const expiresAt = seconds(at + INDEX_TTL_MS);
      const appended = await send('write', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key,
            UpdateExpression: 'SET entries = list_append(if_not_exists(entries, :empty), :entry), expiresAt = :expiresAt ADD entryCount :one',
            ConditionExpression: 'attribute_not_exists(entryCount) OR entryCount < :max',
            ExpressionAttributeValues: { ':empty': [], ':entry': [JSON.stringify([pk, at])], ':one': 1, ':max': dayEntriesMax, ':expiresAt': expiresAt },
          }),
        ),
      );
      if (appended !== 'condition failed') return;
      await send('write', () =>
        client.send(new UpdateCommand({ TableName: tableName, Key: key, UpdateExpression: 'ADD notListed :one', ExpressionAttributeValues: { ':one': 1 } })),
      );
    },

    async listChannel(channel, since, until) {
      const days: string[] = [];
      for (let day = Date.parse(utcDate(since)); day <= until; day += DAY_MS) days.push(utcDate(day));
      const items = await Promise.all(
        days.map(async (day) => {
          const result = await send('read', () =>
            client.send(new GetCommand({ TableName: tableName, Key: { pk: alertDayKey(channel, day) }, ConsistentRead: true })),
          );
          return result === 'condition failed' ? undefined : result.Item;
        }),
      );
      const seen = new Set<string>();
      const pks: string[] = [];
      let notListed = 0;
      for (const item of items) {
        if (item === undefined) continue;
        notListed += typeof item.notListed === 'number' ? item.notListed : 0;
        for (const raw of Array.isArray(item.entries) ? (item.entries as string[]) : []) {
          const [pk, at] = JSON.parse(raw) as [string, number];
          // A post retried after its record failed lists the alert twice: once is enough.
          if (at < since || at > until || seen.has(pk)) continue;
          seen.add(pk);
          pks.push(pk);
        }
      }
      return { pks, notListed };
    },

    async read(pks) {
      const records: AlertRecord[] = [];
      const nowSeconds = Math.floor(clock() / 1000);
      for (let start = 0; start < pks.length; start += BATCH_GET_MAX) {
        let keys: Record<string, unknown>[] = pks.slice(start, start + BATCH_GET_MAX).map((pk) => ({ pk }));
        for (let round = 0; keys.length > 0; round += 1) {
          if (round === BATCH_GET_ROUNDS) {
            throw new BotError('unavailable', 'Could not read the alerts: DynamoDB kept some unprocessed.', { details: { table: tableName, left: keys.length } });
          }
          const request = { [tableName]: { Keys: keys, ProjectionExpression: 'pk, doc, ts, remindedAt, expiresAt' } };
          const result = await send('read', () => client.send(new BatchGetCommand({ RequestItems: request })));
          if (result === 'condition failed') break;
          for (const item of result.Responses?.[tableName] ?? []) {
            const record = recordOfItem(item, nowSeconds);
            if (record !== undefined) records.push(record);
          }
          keys = (result.UnprocessedKeys?.[tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
        }
      }
      return records;
    },

    async markReminded(pk, at) {
      const result = await send('mark', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk },
            UpdateExpression: 'SET remindedAt = :at',
            ConditionExpression: 'attribute_exists(doc) AND attribute_not_exists(remindedAt)',
            ExpressionAttributeValues: { ':at': at },
          }),
        ),
      );
      return result !== 'condition failed';
    },

    async unmarkReminded(pk, at) {
      await send('unmark', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk },
            UpdateExpression: 'REMOVE remindedAt',
            ConditionExpression: 'remindedAt = :at',
            ExpressionAttributeValues: { ':at': at },
          }),
        ),
      );
    },

    async claimDigest(mark, owner) {
      const now = clock();
      const result = await send('claim', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: mark },
            UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until, expiresAt = :expiresAt',
            ConditionExpression: 'attribute_not_exists(postedAt) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
            ExpressionAttributeValues: { ':owner': owner, ':until': now + leaseMs, ':now': now, ':expiresAt': seconds(now + MARK_TTL_MS) },
          }),
        ),
      );
      return result !== 'condition failed';
    },

    async finishDigest(mark, owner, posted) {
      await send('record', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: mark },
            UpdateExpression: posted ? 'SET postedAt = :now REMOVE leaseOwner, leaseUntil' : 'REMOVE leaseOwner, leaseUntil',
            ConditionExpression: 'leaseOwner = :owner',
            ExpressionAttributeValues: posted ? { ':owner': owner, ':now': clock() } : { ':owner': owner },
          }),
        ),
      );
    },
  };
}
