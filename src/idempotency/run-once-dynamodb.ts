import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import { BotError } from '../errors';
import type { Logger } from '../logging/logger';
import type { ActionOutcome } from '../webhook-actions/action-outcome';

/** How long an answer is kept for retries of the same key. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** The partition key of the idempotency table (Powertools' default name). */
export const IDEMPOTENCY_KEY_ATTRIBUTE = 'id';

/** Runs a confirmed change at most once per key; see `createApplyOnce`. */
export interface ApplyOnce {
  /**
   * The first call with a key runs `work` and keeps its outcome; later calls with the same key and
   * the same payload get that outcome without running anything.
   *
   * @throws `BotError('conflict')` when the key is in use by a call still running, or was used
   *   with a different payload. Whatever `work` throws is thrown as is, and the key is freed.
   */
  run(key: string, payload: unknown, work: () => Promise<ActionOutcome>, context?: Context): Promise<ActionOutcome>;
}

export interface ApplyOnceOptions {
  client: DynamoDBClient;
  tableName: string;
  logger: Logger;
  expiresAfterSeconds?: number;
}

interface Request {
  key: string;
  payload: unknown;
}

/**
 * Exactly-once over Powertools Idempotency and its DynamoDB persistence layer. The record's key is
 * the caller's key; the payload is hashed and compared on every retry. Expired records are
 * replaced by the layer's own conditional write (it compares the expiry with the clock), so the
 * table's TTL only tidies up.
 *
 * @example
 * const once = createApplyOnce({ client: new DynamoDBClient({}), tableName: 'idempotency', logger });
 * const outcome = await once.run(`dq-monitor:${webhookId}`, payload, () => applyMark(...), context);
 */
export function createApplyOnce(options: ApplyOnceOptions): ApplyOnce {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'payload',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: options.expiresAfterSeconds ?? IDEMPOTENCY_TTL_SECONDS,
    hashFunction: 'sha256',
  });
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: options.tableName,
    keyAttr: IDEMPOTENCY_KEY_ATTRIBUTE,
    awsSdkV3Client: options.client,
  });
  const once = makeIdempotent((_request: Request, work: () => Promise<ActionOutcome>) => work(), {
    persistenceStore,
    config,
    dataIndexArgument: 0,
  });

  return {
    async run(key, payload, work, context) {
      // Lets a record left "in progress" by a function that timed out be taken over after that time.
      if (context !== undefined) config.registerLambdaContext(context);
      let outcome: ActionOutcome | undefined;
      const tracked = async () => {
        outcome = await work();
        return outcome;
      };
      try {
        return await once({ key, payload }, tracked);
      } catch (error) {
        if (error instanceof IdempotencyAlreadyInProgressError) {
          throw new BotError('conflict', 'The same request is still being processed; send it again in a few seconds to get its answer.', {
            cause: error,
          });
        }
        if (error instanceof IdempotencyValidationError) {
          throw new BotError('conflict', 'This idempotency key was already used with a different body; nothing was changed.', {
            cause: error,
          });
        }
        // The change was made but its answer could not be stored: the caller still gets it.
        if (outcome !== undefined) {
          options.logger.error({ err: error, key }, 'the answer of an applied change could not be stored for retries');
          return outcome;
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
