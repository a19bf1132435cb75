import type { HttpHandler } from './slack-events-runtime';

/** `POST /alerts`: webhooks from other systems. Not served yet: says so plainly. */
export function createAlertsHandler(): HttpHandler {
  return async () => ({
    statusCode: 501,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: 'Alerts are not implemented yet.' }),
  });
}
