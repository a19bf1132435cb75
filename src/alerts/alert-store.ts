import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BotError } from '../errors';
import { isConditionalCheckFailure } from '../aws/conditional-check';
import type { AlertDoc, RunKey } from './alert-state';
import { compactObservation, type AlertInit, type Observation } from './alert-transitions';

/** An observation waiting in a run's inbox, with when it reached the bot. */
export interface InboxEntry {
  observation: Observation;
  at: number;
  /**
   * When the event happened, as its sender says (`occurred_at`, milliseconds): where the seconds
   * from event to Slack are counted from. Absent for changes made from Slack and events without it.
   */
  occurredAt?: number;
}

/** A run's alert as stored. */
export interface StoredAlert {
  /** `undefined` until a failure has been folded in. */
  doc?: AlertDoc;
  /** Where a new alert goes and what it shows first (written by the first event). */
  init: AlertInit;
  /** Observations not folded into `doc` yet, oldest first. */
  inbox: InboxEntry[];
  /** Bumped by every event. */
  version: number;
  /** The message's `ts`, once posted. */
  ts?: string;
  /** The `version` last folded and shown. */
  renderedVersion: number;
  /** The newest thread line posted (or shown in the first post). */
  postedLineSeq: number;
}

/**
 * The alert state of every run, one DynamoDB item per run in a table keyed by `pk` (string).
 * Events never conflict: each appends its observation to the run's inbox in one atomic update.
 * One renderer at a time, holding a lease (`leaseOwner`, `leaseUntil`), folds the inbox into the
 * document and shows it in Slack. Items carry `expiresAt` (epoch seconds) for DynamoDB's TTL, and
 * every read checks it as well, since TTL deletes late.
 */
export interface AlertStore {
  /** How long a render lease lasts from its claim or its last renewal (`recordRender`). */
  readonly leaseMs: number;
  /** The run's alert, or `undefined` when there is none or it has expired. */
  get(key: RunKey): Promise<StoredAlert | undefined>;
  /**
   * Appends an observation, compacted (creating the item with `init` when the run has none).
   * `full`: the inbox holds as many bytes as it may until a renderer folds it; nothing was stored.
   */
  append(init: AlertInit, entry: InboxEntry): Promise<'appended' | 'full'>;
  /** Takes the render lease when it is free and something is not shown yet. `false`: nothing to do here. */
  claimRender(key: RunKey, owner: string): Promise<boolean>;
  /**
   * Stores what the lease holder folded and showed: the document, the inbox without the entries
   * `consumed` (its first ones), and renews the lease. `false`: the lease was lost.
   */
  recordRender(
    key: RunKey,
    owner: string,
    shown: { doc?: AlertDoc; consumed: InboxEntry[]; ts?: string; renderedVersion: number; postedLineSeq: number },
  ): Promise<boolean>;
  /** Gives the lease back if `version` is still the newest; `false` when a newer event needs showing. */
  releaseRender(key: RunKey, owner: string, version: number): Promise<boolean>;
}

export interface DynamoDbAlertStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  clock: () => number;
  /** How long an alert lives after its last event. Default: 7 days. */
  ttlMs?: number;
  /** How long a renderer may hold the lease before another may take over. Default: 60 s. */
  leaseMs?: number;
  /** The most the waiting observations may hold. Default: 100,000 bytes (see below). */
  maxInboxBytes?: number;
}

const DEFAULT_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const DEFAULT_LEASE_MS = 60_000;
/**
 * An item must stay under DynamoDB's 400 KB. The document is at most about 100 KB (50 listed task
 * instances with 250-character ids, 5,000 records of 11 bytes, the cause, no stored lines); the
 * inbox gets another 100 KB, which holds the largest compacted observation (a run of any size,
 * about 80 KB) or hundreds of task events, so a burst waits for a fold instead of failing.
 */
const DEFAULT_MAX_INBOX_BYTES = 100_000;

/** The bytes an inbox entry takes as stored. */
export function inboxEntryBytes(entry: InboxEntry): number {
  return Buffer.byteLength(JSON.stringify(entry), 'utf8');
}
/** The partition key of a run's alert: JSON, so no id can be confused with a separator. */
export function alertItemKey(key: RunKey): string {
  return `alert#${JSON.stringify([key.deployment, key.dagId, key.runId])}`;
}

/**
 * The DynamoDB alert store.
 *
 * @example
 * const store = createDynamoDbAlertStore({ client: DynamoDBDocumentClient.from(new DynamoDBClient({})), tableName, clock: Date.now });
 */
export function createDynamoDbAlertStore(options: DynamoDbAlertStoreOptions): AlertStore {
  const { client, tableName, clock } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const maxInboxBytes = options.maxInboxBytes ?? DEFAULT_MAX_INBOX_BYTES;
  const nowSeconds = () => Math.floor(clock() / 1000);
  const expiry = () => Math.ceil((clock() + ttlMs) / 1000);

  async function send<T>(what: string, run: () => Promise<T>): Promise<T | 'condition failed'> {
    try {
      return await run();
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'condition failed';
      throw new BotError('unavailable', `Could not ${what} the alert state.`, { cause: error, details: { table: tableName } });
    }
  }

  return {
    leaseMs,
    async get(key) {
      const result = await send('read', () =>
        client.send(new GetCommand({ TableName: tableName, Key: { pk: alertItemKey(key) }, ConsistentRead: true })),
      );
      const item = result === 'condition failed' ? undefined : result.Item;
      if (item === undefined || typeof item.expiresAt !== 'number' || item.expiresAt <= nowSeconds()) return undefined;
      return {
        ...(typeof item.doc === 'string' ? { doc: upgradeDoc(JSON.parse(item.doc) as AlertDoc & LegacyDoc) } : {}),
        init: JSON.parse(String(item.init)) as AlertInit,
        inbox: Array.isArray(item.inbox) ? (item.inbox as string[]).map((entry) => JSON.parse(entry) as InboxEntry) : [],
        version: Number(item.version),
        ...(typeof item.ts === 'string' ? { ts: item.ts } : {}),
        renderedVersion: Number(item.renderedVersion ?? 0),
        postedLineSeq: Number(item.postedLineSeq ?? 0),
      };
    },

    async append(init, rawEntry) {
      const pk = alertItemKey(init.key);
      const entry: InboxEntry = {
        observation: compactObservation(rawEntry.observation),
        at: rawEntry.at,
        ...(rawEntry.occurredAt === undefined ? {} : { occurredAt: rawEntry.occurredAt }),
      };
      const serialized = JSON.stringify(entry);
      const bytes = Buffer.byteLength(serialized, 'utf8');
      if (bytes > maxInboxBytes) {
        throw new BotError('invalid', 'An alert observation is larger than the alert inbox.', { details: { table: tableName, bytes, maxInboxBytes } });
      }
      const appended = await send('write', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk },
            UpdateExpression:
              'SET inbox = list_append(if_not_exists(inbox, :empty), :entry), version = if_not_exists(version, :zero) + :one, ' +
              'inboxBytes = if_not_exists(inboxBytes, :zero) + :bytes, ' +
              'init = if_not_exists(init, :init), renderedVersion = if_not_exists(renderedVersion, :zero), expiresAt = :expiresAt',
            // An item past its expiry that TTL has not deleted yet is replaced below, not appended to;
            // a full inbox waits for a renderer.
            ConditionExpression: '(attribute_not_exists(pk) OR expiresAt > :now) AND (attribute_not_exists(inboxBytes) OR inboxBytes <= :room)',
            ExpressionAttributeValues: {
              ':empty': [],
              ':entry': [serialized],
              ':zero': 0,
              ':one': 1,
              ':bytes': bytes,
              ':room': maxInboxBytes - bytes,
              ':init': JSON.stringify(init),
              ':expiresAt': expiry(),
              ':now': nowSeconds(),
            },
          }),
        ),
      );
      if (appended !== 'condition failed') return 'appended';
      const existing = await send('read', () =>
        client.send(new GetCommand({ TableName: tableName, Key: { pk }, ConsistentRead: true, ProjectionExpression: 'expiresAt' })),
      );
      const expiresAt = existing === 'condition failed' ? undefined : existing.Item?.expiresAt;
      if (typeof expiresAt === 'number' && expiresAt > nowSeconds()) return 'full';
      const replaced = await send('write', () =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { pk, inbox: [serialized], inboxBytes: bytes, version: 1, init: JSON.stringify(init), renderedVersion: 0, expiresAt: expiry() },
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
            ExpressionAttributeValues: { ':now': nowSeconds() },
          }),
        ),
      );
      // Someone else replaced it first: append to theirs.
      if (replaced === 'condition failed') return this.append(init, entry);
      return 'appended';
    },

    async claimRender(key, owner) {
      const now = clock();
      const result = await send('claim', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: alertItemKey(key) },
            UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until',
            ConditionExpression:
              'attribute_exists(pk) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now) AND renderedVersion < version',
            ExpressionAttributeValues: { ':owner': owner, ':until': now + leaseMs, ':now': now },
          }),
        ),
      );
      return result !== 'condition failed';
    },

    async recordRender(key, owner, shown) {
      const values: Record<string, unknown> = {
        ':owner': owner,
        ':until': clock() + leaseMs,
        ':rendered': shown.renderedVersion,
        ':posted': shown.postedLineSeq,
      };
      const sets = ['leaseUntil = :until', 'renderedVersion = :rendered', 'postedLineSeq = :posted'];
      if (shown.ts !== undefined) {
        sets.push('ts = :ts');
        values[':ts'] = shown.ts;
      }
      if (shown.doc !== undefined) {
        sets.push('doc = :doc');
        values[':doc'] = JSON.stringify(shown.doc);
      }
      // Events only ever append, so the first `consumed` entries are the ones folded. Listed from
      // the last down: DynamoDB reads every index against the list as it was, some compatible
      // engines remove one at a time; in this order both remove the same entries.
      const consumed = shown.consumed.length;
      const removes = Array.from({ length: consumed }, (_, index) => `inbox[${consumed - 1 - index}]`);
      if (consumed > 0) {
        sets.push('inboxBytes = if_not_exists(inboxBytes, :consumedBytes) - :consumedBytes');
        values[':consumedBytes'] = shown.consumed.reduce((sum, entry) => sum + inboxEntryBytes(entry), 0);
      }
      const update = `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`;
      const result = await send('record', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: alertItemKey(key) },
            UpdateExpression: update,
            ConditionExpression: 'leaseOwner = :owner',
            ExpressionAttributeValues: values,
          }),
        ),
      );
      return result !== 'condition failed';
    },

    async releaseRender(key, owner, version) {
      const result = await send('release', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: alertItemKey(key) },
            UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
            ConditionExpression: 'leaseOwner = :owner AND version = :version',
            ExpressionAttributeValues: { ':owner': owner, ':version': version },
          }),
        ),
      );
      return result !== 'condition failed';
    },
  };
}

/** A document written before the task list was bounded kept every task instance's page. */
interface LegacyDoc {
  taskUiUrls?: string[];
}

function upgradeDoc(doc: AlertDoc & LegacyDoc): AlertDoc {
  const { taskUiUrls, ...rest } = doc;
  const primaryUiUrl = taskUiUrls?.[doc.primary];
  return primaryUiUrl === undefined || rest.primaryUiUrl !== undefined ? rest : { ...rest, primaryUiUrl };
}
