import { isBotError, type BotError, type BotErrorKind } from '../errors';
import type { WebhookErrorBody, WebhookErrorCode } from '../webhooks/webhook-response';

/** What an action answers: a status and a JSON body. Kept as data so a retry can be answered from the idempotency record. */
export interface ActionOutcome {
  statusCode: number;
  body: Record<string, unknown>;
}

/** HTTP status and error code for each kind of `BotError`, as a webhook caller sees it. */
const BY_KIND: Record<BotErrorKind, { status: number; code: WebhookErrorCode }> = {
  not_found: { status: 404, code: 'not_found' },
  // Airflow refused the bot's own credentials: the caller did nothing wrong.
  unauthorized: { status: 502, code: 'unauthorized' },
  forbidden: { status: 502, code: 'forbidden' },
  conflict: { status: 409, code: 'conflict' },
  invalid: { status: 400, code: 'invalid' },
  unavailable: { status: 502, code: 'unavailable' },
  timeout: { status: 504, code: 'timeout' },
  config: { status: 500, code: 'internal' },
  credentials: { status: 500, code: 'internal' },
  permission_denied: { status: 403, code: 'forbidden' },
  usage: { status: 400, code: 'invalid' },
  internal: { status: 500, code: 'internal' },
};

const INTERNAL_MESSAGE = 'Something went wrong inside the bot. The details are in its logs.';

/**
 * The JSON error for a failure. Operator-facing kinds (configuration, credentials, bugs) get a
 * generic message: their text is for the logs.
 *
 * @example
 * errorOutcome(new BotError('not_found', 'No task instance transform in run r1.'));
 * // { statusCode: 404, body: { error: { code: 'not_found', message: 'No task instance transform in run r1.' } } }
 */
export function errorOutcome(error: BotError | unknown, extra: Record<string, unknown> = {}): ActionOutcome {
  const kind: BotErrorKind = isBotError(error) ? error.kind : 'internal';
  const { status, code } = BY_KIND[kind];
  const message = code === 'internal' || !isBotError(error) ? INTERNAL_MESSAGE : error.userMessage;
  const body: WebhookErrorBody = { error: { code, message } };
  return { statusCode: status, body: { error: { ...body.error, ...extra } } };
}

/** A 400 naming the field at fault. */
export function invalidField(field: string, message: string): ActionOutcome {
  return { statusCode: 400, body: { error: { code: 'invalid', message: `${field}: ${message}`, field } } };
}
