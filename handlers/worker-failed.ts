import { failedJobsHandlerFromEnv } from '../src/runtime/failed-jobs-from-env';

/** The worker's on-failure destination: tells the user about a job that did not finish. */
export const handler = failedJobsHandlerFromEnv(process.env);
