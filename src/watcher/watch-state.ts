import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TaskInstanceRef } from '../airflow/model';
import type { Clock } from '../clock';
import { BotError } from '../errors';

/** A run the watcher saw fail a task in, still asked about until it ends or `until` passes. */
export interface FollowedRun {
  dagId: string;
  runId: string;
  /** The end date of its earliest failure seen (milliseconds): its runs are asked for from here. */
  since: number;
  /** Asked about until then (milliseconds). */
  until: number;
}

/** An outage of one deployment: when it began, and the notice posted about it. */
export interface Outage {
  /** When the first tick that could not reach the deployment ran (milliseconds). */
  since: number;
  /** Why, as the first failing tick saw it (a `BotError`'s user message). */
  reason: string;
  /** Where the notice is, once posted; absent while it could not be posted (the next tick tries again). */
  notice?: { channel: string; ts: string };
}

/**
 * A human-in-the-loop request the watcher has seen waiting, followed until it stops waiting, when
 * its message is edited.
 */
export interface OpenHitl {
  ref: TaskInstanceRef;
  /** The request's `created_at`: with `ref`, which request it is. */
  createdAt: string;
  /** Where its message is; absent when the deployment has no channel for it (logged once, never posted). */
  message?: { channel: string; ts: string };
  /** A tick saw it answered a moment ago and left the edit to the next tick (see `followHitl`). */
  waited?: true;
}

/**
 * Open requests kept per deployment: at most about 1 KB each as JSON (ids of up to 250 characters),
 * so the watch item stays far below DynamoDB's 400 KB. Beyond, the oldest are let go (logged).
 */
export const OPEN_HITL_MAX = 200;

/** What the watcher keeps about one deployment between ticks. */
export interface WatchState {
  /**
   * The next tick asks for task instances that ended at or after this instant (milliseconds).
   * Absent before the first tick.
   */
  watermark?: number;
  followed: FollowedRun[];
  outage?: Outage;
  /** The human-in-the-loop requests posted and still waiting, as the last tick saw them (Airflow 3 only). */
  hitl?: OpenHitl[];
}

/**
 * One item per watched deployment in the alert table (`pk` = `watch#<deployment>`). A tick takes
 * the deployment with a conditional update (a lease), so an overlapping tick leaves it alone, and
 * stores the advanced watermark with a second conditional update that holds only while it still
 * has the lease: two ticks never hand on the same failures, and a tick that lost its lease stores nothing.
 */
export interface WatchStateStore {
  /** Takes the deployment for one tick; `undefined` when another tick holds it. */
  claim(deployment: string, owner: string): Promise<WatchState | undefined>;
  /** Stores the state after the tick and gives the deployment back; `false` when the lease was lost. */
  release(deployment: string, owner: string, next: WatchState): Promise<boolean>;
}

export interface DynamoDbWatchStateStoreOptions {
  client: DynamoDBDocumentClient;
  /** The alert table (`ALERT_TABLE`), keyed by `pk`. */
  tableName: string;
  clock: Clock;
  /**
   * How long a tick may hold a deployment before another tick may take it (a tick that died).
   * Longer than a tick can last.
   *
   * @default 120_000 (two minutes)
   */
  leaseMs?: number;
}

export const DEFAULT_WATCH_LEASE_MS = 120_000;

/** The partition key of a deployment's watch state. */
export function watchItemKey(deployment: string): string {
  return `watch#${deployment}`;
}

/**
 * The watch state on DynamoDB.
 *
 * @example
 * const store = createDynamoDbWatchStateStore({ client: DynamoDBDocumentClient.from(new DynamoDBClient({})), tableName, clock: Date.now });
 * const state = await store.claim('prod', owner); // undefined: another tick has it
 */
export function createDynamoDbWatchStateStore(options: DynamoDbWatchStateStoreOptions): WatchStateStore {
  const { client, tableName, clock } = options;
  const leaseMs = options.leaseMs ?? DEFAULT_WATCH_LEASE_MS;

  async function update(what: string, input: ConstructorParameters<typeof UpdateCommand>[0]) {
    try {
      return await client.send(new UpdateCommand(input));
    } catch (error) {
      if (isConditionalCheckFailure(error)) return undefined;
      throw new BotError('unavailable', `Could not ${what} the watch state.`, { cause: error, details: { table: tableName } });
    }
  }

  return {
    async claim(deployment, owner) {
      const now = clock();
      const result = await update('claim', {
        TableName: tableName,
        Key: { pk: watchItemKey(deployment) },
        UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until',
        ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil < :now',
        ExpressionAttributeValues: { ':owner': owner, ':until': now + leaseMs, ':now': now },
        ReturnValues: 'ALL_NEW',
      });
      if (result === undefined) return undefined;
      const item = result.Attributes ?? {};
      return {
        ...(typeof item.watermark === 'number' ? { watermark: item.watermark } : {}),
        followed: typeof item.followed === 'string' ? (JSON.parse(item.followed) as FollowedRun[]) : [],
        ...(typeof item.outage === 'string' ? { outage: JSON.parse(item.outage) as Outage } : {}),
        ...(typeof item.hitl === 'string' ? { hitl: JSON.parse(item.hitl) as OpenHitl[] } : {}),
      };
    },

    async release(deployment, owner, next) {
      const values: Record<string, unknown> = { ':owner': owner, ':followed': JSON.stringify(next.followed) };
      const sets = ['followed = :followed'];
      const removes = ['leaseOwner', 'leaseUntil'];
      if (next.watermark !== undefined) {
        sets.push('watermark = :watermark');
        values[':watermark'] = next.watermark;
      }
      if (next.hitl === undefined || next.hitl.length === 0) removes.push('hitl');
      else {
        sets.push('hitl = :hitl');
        values[':hitl'] = JSON.stringify(next.hitl);
      }
      if (next.outage === undefined) removes.push('outage');
      else {
        sets.push('outage = :outage');
        values[':outage'] = JSON.stringify(next.outage);
      }
      const result = await update('store', {
        TableName: tableName,
        Key: { pk: watchItemKey(deployment) },
        UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
        ConditionExpression: 'leaseOwner = :owner',
        ExpressionAttributeValues: values,
      });
      return result !== undefined;
    },
  };
}

/** By class, or by name when the error crossed a copy of the SDK (bundling can duplicate it). */
function isConditionalCheckFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException || (error instanceof Error && error.name === 'ConditionalCheckFailedException')
  );
}
