import type { WorkerJob } from '../protocol/job';

/**
 * Hands a job to the worker and returns as soon as it is handed over (not when it is done).
 * In AWS: an asynchronous Lambda invocation. Locally: the same worker code run in the background.
 */
export interface Handoff {
  dispatch(job: WorkerJob): Promise<void>;
}
