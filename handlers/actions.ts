import { actionsFromEnv } from '../src/runtime/actions-from-env';

/** `POST /actions/{source}`: signed webhooks that look up, annotate, mark and clear task instances. */
export const handler = actionsFromEnv(process.env, { handlerDir: __dirname });
