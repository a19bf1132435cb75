import { createAlertsHandler } from '../src/runtime/alerts-runtime';

/** `POST /alerts`: webhooks from other systems. */
export const handler = createAlertsHandler();
