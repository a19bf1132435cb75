import { IdempotencyAlreadyInProgressError, IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { AlertJob } from './process-alert';

/** What became of an accepted event. */
export type Acceptance = 'accepted' | 'duplicate' | 'in_progress';

export interface AlertAcceptor {
  /**
   * Hands the job on exactly once per source and `webhook-id`. A redelivery of an event already
   * handed on is a `duplicate` (nothing is sent); one arriving while the first is still being
   * handed on is `in_progress`.
   *
   * @throws whatever `dispatch` throws; the record is then removed, so the sender's retry is accepted.
   */
  accept(job: AlertJob, context?: Context): Promise<Acceptance>;
}

export interface AlertAcceptorOptions {
  /** Where the idempotency records live (DynamoDB in AWS and in tests). */
  persistenceStore: BasePersistenceLayer;
  /** Hands the job to the work that shows it. */
  dispatch: (job: AlertJob) => Promise<void>;
  /** How long a `webhook-id` is remembered. Default: 24 hours (Standard Webhooks senders retry for about a day). */
  expiresAfterSeconds?: number;
}

/**
 * Drops redeliveries by `webhook-id` with Powertools idempotency: a conditional record per source
 * and id, marked in progress while the job is handed on and completed after. The record holds a
 * token unique to the call that made it; a call that gets back someone else's token was a duplicate.
 *
 * @example
 * const acceptor = createAlertAcceptor({ persistenceStore: new DynamoDBPersistenceLayer({ tableName, keyAttr: 'pk' }), dispatch });
 * await acceptor.accept(job, context); // 'accepted' the first time, 'duplicate' after
 */
export function createAlertAcceptor(options: AlertAcceptorOptions): AlertAcceptor {
  const config = new IdempotencyConfig({ expiresAfterSeconds: options.expiresAfterSeconds ?? 24 * 60 * 60 });
  const handOn = makeIdempotent(
    async (job: AlertJob, _key: { source: string; webhookId: string }, token: string) => {
      await options.dispatch(job);
      return { token };
    },
    { persistenceStore: options.persistenceStore, config, dataIndexArgument: 1 },
  );
  return {
    async accept(job, context) {
      if (context !== undefined) config.registerLambdaContext(context);
      const token = randomUUID();
      try {
        const result = await handOn(job, { source: job.source, webhookId: job.webhookId }, token);
        return result.token === token ? 'accepted' : 'duplicate';
      } catch (error) {
        if (error instanceof IdempotencyAlreadyInProgressError) return 'in_progress';
        throw error;
      }
    },
  };
}
