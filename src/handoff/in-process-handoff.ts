import type { Logger } from '../logging/logger';
import type { WorkerJob } from '../protocol/job';
import type { Handoff } from './types';

/** A handoff whose jobs run in this process, and that can wait for them. */
export interface InProcessHandoff extends Handoff {
  /** Resolves when every job dispatched so far, and any they dispatch in turn, has finished. */
  drain(): Promise<void>;
}

export interface InProcessHandoffOptions {
  /** The worker: normally `(job) => runJob(job, deps)`. */
  run: (job: WorkerJob) => Promise<void>;
  logger: Logger;
}

/**
 * Runs jobs in the background of this process, for local runs and tests: `dispatch` returns at
 * once, as the Lambda handoff does. A failing job is logged, never an unhandled rejection.
 *
 * @example
 * const handoff = createInProcessHandoff({ run: (job) => runJob(job, deps), logger });
 * await handoff.dispatch(job); // returns before the job is done
 * await handoff.drain(); // the job is done
 */
export function createInProcessHandoff(options: InProcessHandoffOptions): InProcessHandoff {
  const { run, logger } = options;
  const running = new Set<Promise<void>>();

  async function runLogged(job: WorkerJob): Promise<void> {
    try {
      await run(job);
    } catch (error) {
      // The kind only: the job holds the user's text and a response URL.
      logger.error({ err: error, job: job.kind }, 'a background job failed');
    }
  }

  return {
    async dispatch(job) {
      // Through JSON, as the job travels to the Lambda worker (a `Date` arrives as a string,
      // `undefined` fields vanish), so local runs see what the deployed worker sees.
      const copy = JSON.parse(JSON.stringify(job)) as WorkerJob;
      // Started on a later tick, so even a `run` that throws synchronously does so in the background.
      const task = Promise.resolve()
        .then(() => runLogged(copy))
        .finally(() => running.delete(task));
      running.add(task);
    },
    async drain() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}
