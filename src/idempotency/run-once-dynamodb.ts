import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { BotError } from '../errors';
import type { Logger } from '../logging/logger';
import { inProgress, payloadMismatch, RUN_ONCE_TTL_SECONDS, type RunOnce } from './run-once';

/**
 * The partition key of the idempotency table (Powertools' default name); the expiry is Powertools'
 * default `expiration` attribute, epoch seconds, also the table's TTL attribute.
 */
export const IDEMPOTENCY_KEY_ATTRIBUTE = 'id';

export interface DynamoDbRunOnceOptions {
  client: DynamoDBClient;
  /** The idempotency table (`IDEMPOTENCY_TABLE`), keyed by {@link IDEMPOTENCY_KEY_ATTRIBUTE}. */
  tableName: string;
  logger: Logger;
  expiresAfterSeconds?: number;
}

/**
 * How long a record stays "in progress" when the caller gives no Lambda context: the longest any of
 * the bot's functions runs (the worker's 300 s), so a call cut off there is taken over afterwards.
 */
const IN_PROGRESS_WITHOUT_CONTEXT_MS = 300_000;

interface Request {
  key: string;
  payload: unknown;
}

/**
 * {@link RunOnce} over Powertools Idempotency and its DynamoDB persistence layer: one record per
 * key, marked in progress while the work runs and completed with its value. The payload is hashed
 * and compared on every retry. Expired records are replaced by the layer's own conditional write
 * (it compares the expiry with the clock), so the table's TTL only tidies up. Each stored value
 * carries a token unique to the call that made it: a call that gets back someone else's token got a
 * replay.
 *
 * @example
 * const once = createDynamoDbRunOnce({ client: new DynamoDBClient({}), tableName: 'idempotency', logger });
 * const { value, replayed } = await once.run(`change:dq-monitor:${webhookId}`, payload, () => apply(), context);
 */
export function createDynamoDbRunOnce(options: DynamoDbRunOnceOptions): RunOnce {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'payload',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: options.expiresAfterSeconds ?? RUN_ONCE_TTL_SECONDS,
    hashFunction: 'sha256',
  });
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: options.tableName,
    keyAttr: IDEMPOTENCY_KEY_ATTRIBUTE,
    awsSdkV3Client: options.client,
  });
  const once = makeIdempotent(
    async (_request: Request, work: () => Promise<unknown>, token: string) => ({ token, value: await work() }),
    { persistenceStore, config, dataIndexArgument: 0 },
  );

  return {
    async run<T>(key: string, payload: unknown, work: () => Promise<T>, context?: Pick<Context, 'getRemainingTimeInMillis'>) {
      // Lets a record left "in progress" by a function that timed out be taken over after that time.
      const started = Date.now();
      const remaining = context ?? { getRemainingTimeInMillis: () => IN_PROGRESS_WITHOUT_CONTEXT_MS - (Date.now() - started) };
      config.registerLambdaContext(remaining as Context);
      const token = randomUUID();
      let ran: { value: T } | undefined;
      const tracked = async () => {
        const value = await work();
        ran = { value };
        return value;
      };
      try {
        const stored = await once({ key, payload: payload ?? null }, tracked, token);
        return { value: stored.value as T, replayed: stored.token !== token };
      } catch (error) {
        if (error instanceof IdempotencyAlreadyInProgressError) throw inProgress(error);
        if (error instanceof IdempotencyValidationError) throw payloadMismatch(error);
        // The work ran but its value could not be stored: the caller still gets it.
        if (ran !== undefined) {
          options.logger.error({ err: error, key }, 'the value of work that ran could not be stored for retries');
          return { value: ran.value, replayed: false };
        }
        if (error instanceof BotError) throw error;
        if (error instanceof Error && error.name.startsWith('Idempotency')) {
          throw new BotError('unavailable', 'The change could not be recorded safely, so it was not made; try again later.', {
            cause: error,
          });
        }
        throw error;
      }
    },
  };
}
