import { workerHandlerFromEnv } from '../src/runtime/worker-from-env';

/** Invoked asynchronously by the Slack-facing function with one job. */
export const handler = workerHandlerFromEnv(process.env, { handlerDir: __dirname });
