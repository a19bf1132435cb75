import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BotError } from '../errors';
import type { AlertDoc, RunKey } from './alert-state';

/** A run's alert as stored: the document events change, and the fields only the renderer writes. */
export interface StoredAlert {
  doc: AlertDoc;
  /** Bumped by every change to `doc`. */
  version: number;
  /** The message's `ts`, once posted. */
  ts?: string;
  /** The `version` last shown in Slack. */
  renderedVersion: number;
  /** The newest thread line posted (or shown in the first post). */
  postedLineSeq: number;
}

/**
 * The alert state of every run in one DynamoDB table keyed by `pk` (string), one item per run.
 * Events change the document with optimistic versions (a conditional write on `version`); one
 * renderer at a time shows it in Slack, holding a lease (`leaseOwner`, `leaseUntil`). Items carry
 * `expiresAt` (epoch seconds) for DynamoDB's TTL, and every read checks it too, since TTL deletes
 * late.
 */
export interface AlertStore {
  /** The run's alert, or `undefined` when there is none or it has expired. */
  get(key: RunKey): Promise<StoredAlert | undefined>;
  /** Writes `doc` as version `expectedVersion + 1` (0: a new alert). `false`: someone else wrote first. */
  write(doc: AlertDoc, expectedVersion: number): Promise<boolean>;
  /** Takes the render lease when it is free and something is not shown yet. `false`: nothing to do here. */
  claimRender(key: RunKey, owner: string): Promise<boolean>;
  /** Records what the lease holder showed, and renews its lease. `false`: the lease was lost. */
  recordRender(key: RunKey, owner: string, shown: { ts?: string; renderedVersion: number; postedLineSeq: number }): Promise<boolean>;
  /** Gives the lease back if `version` is still the newest; `false` when a newer one needs showing. */
  releaseRender(key: RunKey, owner: string, version: number): Promise<boolean>;
}

export interface DynamoDbAlertStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  clock: () => number;
  /** How long an alert lives after its last change. Default: 7 days. */
  ttlMs?: number;
  /** How long a renderer may hold the lease before another may take over. Default: 60 s. */
  leaseMs?: number;
}

const DEFAULT_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const DEFAULT_LEASE_MS = 60_000;

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
  const nowSeconds = () => Math.floor(clock() / 1000);

  async function send<T>(what: string, run: () => Promise<T>): Promise<T | 'condition failed'> {
    try {
      return await run();
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'condition failed';
      throw new BotError('unavailable', `Could not ${what} the alert state.`, { cause: error, details: { table: tableName } });
    }
  }

  return {
    async get(key) {
      const result = await send('read', () =>
        client.send(new GetCommand({ TableName: tableName, Key: { pk: alertItemKey(key) }, ConsistentRead: true })),
      );
      const item = result === 'condition failed' ? undefined : result.Item;
      if (item === undefined || typeof item.expiresAt !== 'number' || item.expiresAt <= nowSeconds()) return undefined;
      return {
        doc: JSON.parse(String(item.doc)) as AlertDoc,
        version: Number(item.version),
        ...(typeof item.ts === 'string' ? { ts: item.ts } : {}),
        renderedVersion: Number(item.renderedVersion ?? 0),
        postedLineSeq: Number(item.postedLineSeq ?? 0),
      };
    },

    async write(doc, expectedVersion) {
      const pk = alertItemKey(doc.key);
      const expiresAt = Math.ceil((clock() + ttlMs) / 1000);
      if (expectedVersion === 0) {
        // A new alert, or one whose item outlived its expiry (DynamoDB's TTL deletes late).
        const result = await send('write', () =>
          client.send(
            new PutCommand({
              TableName: tableName,
              Item: { pk, doc: JSON.stringify(doc), version: 1, renderedVersion: 0, postedLineSeq: 0, expiresAt },
              ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
              ExpressionAttributeValues: { ':now': nowSeconds() },
            }),
          ),
        );
        return result !== 'condition failed';
      }
      // Only the event's fields: the renderer's (ts, lease, what it showed) are left as they are.
      const result = await send('write', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk },
            UpdateExpression: 'SET doc = :doc, version = :next, expiresAt = :expiresAt',
            ConditionExpression: 'version = :expected AND expiresAt > :now',
            ExpressionAttributeValues: {
              ':doc': JSON.stringify(doc),
              ':next': expectedVersion + 1,
              ':expected': expectedVersion,
              ':expiresAt': expiresAt,
              ':now': nowSeconds(),
            },
          }),
        ),
      );
      return result !== 'condition failed';
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
      let update = 'SET leaseUntil = :until, renderedVersion = :rendered, postedLineSeq = :posted';
      if (shown.ts !== undefined) {
        update += ', ts = :ts';
        values[':ts'] = shown.ts;
      }
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

/** By class, or by name when the error crossed a copy of the SDK (bundling can duplicate it). */
function isConditionalCheckFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error instanceof Error && error.name === 'ConditionalCheckFailedException')
  );
}
