import { oncallFromEnv } from '../src/runtime/oncall-from-env';

/** Every minute (EventBridge schedule): alert reminders due, and the daily digests due. */
export const handler = oncallFromEnv(process.env, { handlerDir: __dirname });
