import type { Context } from 'aws-lambda';
import { isInProgress, type RunOnce } from '../idempotency/run-once';
import type { AlertJob } from './process-alert';

/** What became of an accepted event. */
export type Acceptance = 'accepted' | 'duplicate' | 'in_progress';

export interface AlertAcceptor {
  /**
   * Hands the job on exactly once per source and `webhook-id`. A redelivery of an event already
   * handed on is a `duplicate` (nothing is sent); one arriving while the first is still being
   * handed on is `in_progress`.
   *
   * @throws whatever `dispatch` throws; the key is then freed, so the sender's retry is accepted.
   */
  accept(job: AlertJob, context?: Context): Promise<Acceptance>;
}

export interface AlertAcceptorOptions {
  /** The bot's idempotency store (the same table and key attribute as webhook changes). */
  once: RunOnce;
  /** Hands the job to the work that shows it. */
  dispatch: (job: AlertJob) => Promise<void>;
}

/** The idempotency key of an alert delivery: its source and `webhook-id`. */
export function alertKey(job: Pick<AlertJob, 'source' | 'webhookId'>): string {
  return `alert:${job.source}:${job.webhookId}`;
}

/**
 * Drops redeliveries by `webhook-id` through the bot's one idempotency store: a record per source
 * and id, in progress while the job is handed on and completed after.
 *
 * @example
 * const acceptor = createAlertAcceptor({ once: createDynamoDbRunOnce({ client, tableName, logger }), dispatch });
 * await acceptor.accept(job, context); // 'accepted' the first time, 'duplicate' after
 */
export function createAlertAcceptor(options: AlertAcceptorOptions): AlertAcceptor {
  return {
    async accept(job, context) {
      try {
        // No payload to compare: a signed redelivery carries the same body.
        const { replayed } = await options.once.run(alertKey(job), null, async () => {
          await options.dispatch(job);
          return true;
        }, context);
        return replayed ? 'duplicate' : 'accepted';
      } catch (error) {
        if (isInProgress(error)) return 'in_progress';
        throw error;
      }
    },
  };
}
