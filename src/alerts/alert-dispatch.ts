import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { BotError } from '../errors';
import type { Logger } from '../logging/logger';
import type { AlertJob } from './process-alert';

/** Hands an accepted alert to the work that shows it, and returns once it is handed over. */
export type AlertDispatch = (job: AlertJob) => Promise<void>;

/**
 * An asynchronous (`Event`) invocation of the alert worker function: Lambda queues the job and
 * answers at once, retries a failing worker, and sends what still fails to its failure
 * destination. (The Slack worker's handoff carries Slack jobs only; an alert job is its own kind.)
 *
 * @throws `BotError('unavailable')` when Lambda does not take the job.
 */
export function lambdaAlertDispatch(client: LambdaClient, functionName: string): AlertDispatch {
  const encoder = new TextEncoder();
  return async (job) => {
    let statusCode: number | undefined;
    try {
      const response = await client.send(
        new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: encoder.encode(JSON.stringify(job)) }),
      );
      statusCode = response.StatusCode;
    } catch (error) {
      throw new BotError('unavailable', 'Could not hand the alert to the alert worker', { cause: error, details: { functionName } });
    }
    if (statusCode !== undefined && (statusCode < 200 || statusCode > 299)) {
      throw new BotError('unavailable', 'Could not hand the alert to the alert worker', { details: { functionName, statusCode } });
    }
  };
}

/** Jobs run in the background of this process (local runs and tests); `drain` waits for them. */
export interface InProcessAlertDispatch {
  dispatch: AlertDispatch;
  drain(): Promise<void>;
}

/**
 * Runs each job in the background, through JSON as it would travel to Lambda. A failing job is
 * logged, never an unhandled rejection.
 */
export function inProcessAlertDispatch(run: (job: AlertJob) => Promise<void>, logger: Logger): InProcessAlertDispatch {
  const running = new Set<Promise<void>>();
  return {
    async dispatch(job) {
      const copy = JSON.parse(JSON.stringify(job)) as AlertJob;
      const task = Promise.resolve()
        .then(() => run(copy))
        .catch((error: unknown) => logger.error({ err: error, webhookId: copy.webhookId }, 'an alert job failed'))
        .finally(() => running.delete(task));
      running.add(task);
    },
    async drain() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}
