import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HitlRequest } from '../airflow/model';
import { isConditionalCheckFailure } from '../aws/conditional-check';
import type { Clock } from '../clock';
import { BotError } from '../errors';
import {
  HITL_RECORD_TTL_MS,
  hitlItemKey,
  type HitlKey,
  type HitlMessageRecord,
  type HitlMessageStore,
  type SlackAnswer,
} from './hitl-message-store';

export interface DynamoDbHitlMessageStoreOptions {
  client: DynamoDBDocumentClient;
  /** The alert table (`ALERT_TABLE`), keyed by `pk`. */
  tableName: string;
  clock: Clock;
  /**
   * How long a record is kept after its claim (milliseconds).
   *
   * @default HITL_RECORD_TTL_MS (30 days)
   */
  ttlMs?: number;
}

/**
 * The most of an item the stored request may take (bytes of its JSON). DynamoDB refuses items over
 * 400 KB; the rest of the item (key, message, Slack answer) is a few KB.
 */
export const STORED_REQUEST_MAX_BYTES = 300_000;
/** A request over {@link STORED_REQUEST_MAX_BYTES} keeps this much of its body: more than its message shows. */
export const STORED_BODY_MAX_CHARS = 10_000;

/**
 * The human-in-the-loop records in the alert table (no new table: the watcher and the worker already
 * have it), one item per request (`hitl#[…]`, see `hitlItemKey`): the request as posted (JSON), where
 * its message is, and the Slack answer. `claimPost` is a conditional put, so a request is posted
 * once; `expiresAt` (DynamoDB's TTL, in seconds) is checked on every read, as DynamoDB deletes late.
 *
 * @example
 * const hitlMessages = createDynamoDbHitlMessageStore({ client: DynamoDBDocumentClient.from(new DynamoDBClient({})), tableName, clock: Date.now });
 */
export function createDynamoDbHitlMessageStore(options: DynamoDbHitlMessageStoreOptions): HitlMessageStore {
  const { client, tableName, clock } = options;
  const ttlMs = options.ttlMs ?? HITL_RECORD_TTL_MS;
  const nowSeconds = () => Math.floor(clock() / 1000);
  const expiresAt = () => Math.ceil((clock() + ttlMs) / 1000);

  async function send<T>(what: string, run: () => Promise<T>): Promise<T | 'condition failed'> {
    try {
      return await run();
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'condition failed';
      throw new BotError('unavailable', `Could not ${what} the human-in-the-loop record.`, { cause: error, details: { table: tableName } });
    }
  }

  /** SETs that create the record's key fields when an update comes first (its claim expired or never was). */
  /** Sets `sets` on the request's item, creating it (with its key fields and expiry) when it is not there. */
  async function update(key: HitlKey, sets: string[], values: Record<string, unknown>): Promise<void> {
    const fields = keyFields(key);
    await send('write', () =>
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: hitlItemKey(key) },
          UpdateExpression: `SET ${[...fields.sets, ...sets].join(', ')}`,
          ExpressionAttributeValues: { ...fields.values, ...values },
        }),
      ),
    );
  }

  function keyFields(key: HitlKey) {
    return {
      sets: [
        'deployment = if_not_exists(deployment, :deployment)',
        'dagId = if_not_exists(dagId, :dagId)',
        'runId = if_not_exists(runId, :runId)',
        'taskId = if_not_exists(taskId, :taskId)',
        'mapIndex = if_not_exists(mapIndex, :mapIndex)',
        'createdAt = if_not_exists(createdAt, :createdAt)',
        'expiresAt = if_not_exists(expiresAt, :expiresAt)',
      ],
      values: {
        ':deployment': key.deployment,
        ':dagId': key.ref.dagId,
        ':runId': key.ref.runId,
        ':taskId': key.ref.taskId,
        ':mapIndex': key.ref.mapIndex,
        ':createdAt': key.createdAt,
        ':expiresAt': expiresAt(),
      },
    };
  }

  return {
    async get(key) {
      const result = await send('read', () =>
        client.send(new GetCommand({ TableName: tableName, Key: { pk: hitlItemKey(key) }, ConsistentRead: true })),
      );
      return result === 'condition failed' ? undefined : recordOf(result.Item, key, nowSeconds());
    },

    async claimPost(key, request) {
      const stored = storableRequest(request);
      const result = await send('claim', () =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              pk: hitlItemKey(key),
              deployment: key.deployment,
              dagId: key.ref.dagId,
              runId: key.ref.runId,
              taskId: key.ref.taskId,
              mapIndex: key.ref.mapIndex,
              createdAt: key.createdAt,
              ...(stored === undefined ? {} : { request: stored }),
              expiresAt: expiresAt(),
            },
            // An expired record is gone, whatever DynamoDB's TTL has got round to.
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
            ExpressionAttributeValues: { ':now': nowSeconds() },
          }),
        ),
      );
      return result !== 'condition failed';
    },

    setMessage: (key, message) => update(key, ['channel = :channel', 'ts = :ts'], { ':channel': message.channel, ':ts': message.ts }),
    markAnswering: (key, at) => update(key, ['answeringAt = :at'], { ':at': at }),
    // The first answer recorded stays: a second one (a retried listener) changes nothing.
    recordSlackAnswer: (key, answer) => update(key, ['slackAnswer = if_not_exists(slackAnswer, :answer)'], { ':answer': JSON.stringify(answer) }),
  };
}

/**
 * The request as JSON for the item: whole when it fits {@link STORED_REQUEST_MAX_BYTES}, else with its
 * body cut to {@link STORED_BODY_MAX_CHARS}; `undefined` when even that does not fit (its params are
 * huge): the record then holds no request, and its message is rebuilt from Airflow's copy.
 */
function storableRequest(request: HitlRequest): string | undefined {
  const whole = JSON.stringify(request);
  if (Buffer.byteLength(whole) <= STORED_REQUEST_MAX_BYTES) return whole;
  const body = request.body === null ? null : `${[...request.body].slice(0, STORED_BODY_MAX_CHARS).join('')}…`;
  const cut = JSON.stringify({ ...request, body });
  return Buffer.byteLength(cut) <= STORED_REQUEST_MAX_BYTES ? cut : undefined;
}

function recordOf(item: Record<string, unknown> | undefined, key: HitlKey, now: number): HitlMessageRecord | undefined {
  if (item === undefined || typeof item.expiresAt !== 'number' || item.expiresAt <= now) return undefined;
  return {
    deployment: key.deployment,
    ref: { ...key.ref },
    createdAt: key.createdAt,
    ...(typeof item.request === 'string' ? { request: JSON.parse(item.request) as HitlRequest } : {}),
    ...(typeof item.channel === 'string' && typeof item.ts === 'string' ? { message: { channel: item.channel, ts: item.ts } } : {}),
    ...(typeof item.slackAnswer === 'string' ? { slackAnswer: JSON.parse(item.slackAnswer) as SlackAnswer } : {}),
    ...(typeof item.answeringAt === 'string' ? { answeringAt: item.answeringAt } : {}),
  };
}
