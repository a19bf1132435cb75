import { alertWorkerFromEnv } from '../src/runtime/alert-worker-from-env';

/** Invoked asynchronously by the alerts function with one accepted alert. */
export const handler = alertWorkerFromEnv(process.env, { handlerDir: __dirname });
