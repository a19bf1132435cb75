import { watcherFromEnv } from '../src/runtime/watcher-from-env';

/** Every minute (EventBridge schedule): asks the `watch: true` deployments for new failures. */
export const handler = watcherFromEnv(process.env);
