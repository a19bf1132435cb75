import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailure } from '../aws/conditional-check';
import type { Clock } from '../clock';
import { BotError } from '../errors';
import { bySoonestEnd, ENDED_SNOOZE_KEPT_MS, type Snooze, type SnoozeStore } from './snooze-store';

export interface DynamoDbSnoozeStoreOptions {
  client: DynamoDBDocumentClient;
  /** The alert table (`ALERT_TABLE`), keyed by `pk`. */
  tableName: string;
  clock: Clock;
}

/**
 * The partition key of a DAG's snooze. Deployment names (`[a-z0-9_-]`) and DAG ids (`[A-Za-z0-9_.-]`)
 * hold no `#`, so the parts cannot run into each other.
 */
export function snoozeItemKey(deployment: string, dagId: string): string {
  return `snooze#${deployment}#${dagId}`;
}

/** The partition key of a deployment's list of snoozed DAGs, which `/airflow snoozes` reads. */
export function snoozeIndexKey(deployment: string): string {
  return `snoozes#${deployment}`;
}

/**
 * Snoozes in the alert table, beside the alerts they hold back: one item per DAG
 * (`snooze#<deployment>#<dag>`, with `until`, who set it, the alert it was set from and the runs held
 * back as a string set), and one per deployment listing its snoozed DAGs (`snoozes#<deployment>`),
 * so listing reads a few items instead of scanning the table. Every read checks `until`. An ended
 * snooze is kept a week (`expiresAt`, DynamoDB's TTL) for its count; a DAG whose item is gone is
 * dropped from its deployment's list when the list is next read.
 *
 * @example
 * const snoozes = createDynamoDbSnoozeStore({ client: DynamoDBDocumentClient.from(new DynamoDBClient({})), tableName, clock: Date.now });
 */
export function createDynamoDbSnoozeStore(options: DynamoDbSnoozeStoreOptions): SnoozeStore {
  const { client, tableName, clock } = options;
  const expiresAt = (until: number) => Math.ceil((until + ENDED_SNOOZE_KEPT_MS) / 1000);

  async function send<T>(what: string, run: () => Promise<T>): Promise<T | 'condition failed'> {
    try {
      return await run();
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'condition failed';
      throw new BotError('unavailable', `Could not ${what} the snoozes.`, { cause: error, details: { table: tableName } });
    }
  }

  async function read(deployment: string, dagId: string): Promise<Snooze | undefined> {
    const result = await send('read', () =>
      client.send(new GetCommand({ TableName: tableName, Key: { pk: snoozeItemKey(deployment, dagId) }, ConsistentRead: true })),
    );
    return result === 'condition failed' ? undefined : snoozeOf(result.Item, clock());
  }

  /** The snoozes of these deployments whose `until` is after `after` (`now`: those that hold). */
  async function listEndingAfter(deployments: readonly string[], after: number): Promise<Snooze[]> {
    const now = clock();
    const perDeployment = await Promise.all(
      deployments.map(async (deployment) => {
        const index = await send('read', () =>
          client.send(new GetCommand({ TableName: tableName, Key: { pk: snoozeIndexKey(deployment) }, ConsistentRead: true })),
        );
        const dags = index === 'condition failed' ? [] : [...((index.Item?.dags as Set<string> | undefined) ?? [])];
        const found = await Promise.all(
          dags.map(async (dagId) => {
            const item = await send('read', () =>
              client.send(new GetCommand({ TableName: tableName, Key: { pk: snoozeItemKey(deployment, dagId) }, ConsistentRead: true })),
            );
            return { dagId, item: item === 'condition failed' ? undefined : item.Item };
          }),
        );
        const gone = found.filter(({ item }) => item === undefined || typeof item.expiresAt !== 'number' || item.expiresAt * 1000 <= now);
        if (gone.length > 0) await prune(deployment, gone.map(({ dagId }) => dagId));
        return found.map(({ item }) => snoozeOf(item, now, after)).filter((snooze): snooze is Snooze => snooze !== undefined);
      }),
    );
    return perDeployment.flat().sort(bySoonestEnd);
  }

  return {
    get: read,

    async put(snooze) {
      // The list first: a snooze is never stored where listing cannot find it.
      await send('write', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: snoozeIndexKey(snooze.deployment) },
            UpdateExpression: 'ADD dags :dag',
            ExpressionAttributeValues: { ':dag': new Set([snooze.dagId]) },
          }),
        ),
      );
      await send('write', () =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              pk: snoozeItemKey(snooze.deployment, snooze.dagId),
              deployment: snooze.deployment,
              dagId: snooze.dagId,
              until: snooze.until,
              at: snooze.at,
              by: snooze.by,
              ...(snooze.alert === undefined ? {} : { alertChannel: snooze.alert.channel, alertTs: snooze.alert.ts }),
              expiresAt: expiresAt(snooze.until),
            },
          }),
        ),
      );
    },

    async end(deployment, dagId) {
      const now = clock();
      const result = await send('write', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: snoozeItemKey(deployment, dagId) },
            UpdateExpression: 'SET #until = :now, expiresAt = :expiresAt',
            ConditionExpression: 'attribute_exists(pk) AND #until > :now',
            ExpressionAttributeNames: { '#until': 'until' },
            ExpressionAttributeValues: { ':now': now, ':expiresAt': expiresAt(now) },
            ReturnValues: 'ALL_OLD',
          }),
        ),
      );
      return result === 'condition failed' ? undefined : snoozeOf(result.Attributes, now);
    },

    list: (deployments) => listEndingAfter(deployments, clock()),

    listSince: (deployments, since) => listEndingAfter(deployments, Math.min(since, clock())),

    async hold(deployment, dagId, runId) {
      const now = clock();
      const result = await send('write', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: snoozeItemKey(deployment, dagId) },
            UpdateExpression: 'ADD suppressedRuns :run',
            ConditionExpression: 'attribute_exists(pk) AND #until > :now',
            ExpressionAttributeNames: { '#until': 'until' },
            ExpressionAttributeValues: { ':run': new Set([runId]), ':now': now },
            ReturnValues: 'ALL_OLD',
          }),
        ),
      );
      if (result === 'condition failed') return undefined;
      const before = snoozeOf(result.Attributes, now);
      if (before === undefined) return undefined;
      const counted = !before.suppressedRuns.includes(runId);
      return { snooze: { ...before, suppressedRuns: counted ? [...before.suppressedRuns, runId] : before.suppressedRuns }, counted };
    },

    async setNotice(snooze, ts) {
      const result = await send('write', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: snoozeItemKey(snooze.deployment, snooze.dagId) },
            UpdateExpression: 'SET noticeTs = :ts',
            ConditionExpression: 'attribute_exists(pk) AND #at = :at AND attribute_not_exists(noticeTs)',
            ExpressionAttributeNames: { '#at': 'at' },
            ExpressionAttributeValues: { ':ts': ts, ':at': snooze.at },
          }),
        ),
      );
      return result !== 'condition failed';
    },
  };

  async function prune(deployment: string, dags: string[]): Promise<void> {
    await send('write', () =>
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: snoozeIndexKey(deployment) },
          UpdateExpression: 'DELETE dags :gone',
          ExpressionAttributeValues: { ':gone': new Set(dags) },
        }),
      ),
    );
  }
}

/** The snooze an item holds, while it holds at `now` (or, with `endedAfter`, when it ended after that and is still kept). */
function snoozeOf(item: Record<string, unknown> | undefined, now: number, endedAfter = now): Snooze | undefined {
  if (item === undefined || typeof item.until !== 'number' || item.until <= endedAfter) return undefined;
  if (typeof item.expiresAt !== 'number' || item.expiresAt * 1000 <= now) return undefined;
  const runs = item.suppressedRuns instanceof Set ? [...(item.suppressedRuns as Set<string>)].sort() : [];
  return {
    deployment: String(item.deployment),
    dagId: String(item.dagId),
    until: item.until,
    at: Number(item.at),
    by: String(item.by),
    ...(typeof item.alertChannel === 'string' && typeof item.alertTs === 'string' ? { alert: { channel: item.alertChannel, ts: item.alertTs } } : {}),
    suppressedRuns: runs,
    ...(typeof item.noticeTs === 'string' ? { noticeTs: item.noticeTs } : {}),
  };
}
