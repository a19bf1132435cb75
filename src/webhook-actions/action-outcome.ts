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

/** Where a failure happened, as the caller can name it to the bot's operators. */
export interface FailureContext {
  deployment: string;
  /** The request's `webhook-id`: the log line of the failure carries it. */
  webhookId: string;
}

/**
 * Kinds whose message is about the bot's own setup (its secrets, its sign-in to a platform, the
 * endpoints it calls), which the caller can neither see nor change: the caller gets a fixed
 * message naming the deployment and the webhook-id, and the message itself goes to the log.
 * The other kinds are about the request or Airflow's objects, and their message is the answer.
 */
const FOR_OPERATORS: Partial<Record<BotErrorKind, (where: FailureContext) => string>> = {
  unauthorized: authentication,
  credentials: authentication,
  forbidden: (where) =>
    `Deployment ${where.deployment} does not let the bot's own Airflow user do this. Nothing is wrong with the request: ${operators(where)}`,
  unavailable: (where) =>
    `Deployment ${where.deployment}, or a service the bot needs to reach it, did not answer properly. Try again later; ${operators(where)}`,
  config: internal,
  internal,
};

function authentication(where: FailureContext): string {
  return `The bot could not authenticate to deployment ${where.deployment}. Nothing is wrong with the request: ${operators(where)}`;
}

function internal(where: FailureContext): string {
  return `Something went wrong inside the bot. Its operators find the details in its log under webhook-id ${where.webhookId}.`;
}

function operators(where: FailureContext): string {
  return `the bot's operators find the details in its log under webhook-id ${where.webhookId}.`;
}

/** Whether the caller gets a fixed message for this failure, its own message being only for the log. */
export function forOperators(error: unknown): boolean {
  return !isBotError(error) || FOR_OPERATORS[error.kind] !== undefined;
}

/** What the caller is told of a failure: its message when it is about the request, else a fixed one (see `FOR_OPERATORS`). */
export function callerMessage(error: unknown, where: FailureContext): string {
  if (!isBotError(error)) return internal(where);
  return FOR_OPERATORS[error.kind]?.(where) ?? error.userMessage;
}

/**
 * The JSON error for a failure. Errors about the bot's own setup get a fixed message: their text
 * names configuration (secret ids, sign-in URLs, token endpoints) and is for the log.
 *
 * @example
 * errorOutcome(new BotError('not_found', 'No task instance transform in run r1.'), { deployment: 'prod', webhookId: 'msg_1' });
 * // { statusCode: 404, body: { error: { code: 'not_found', message: 'No task instance transform in run r1.' } } }
 */
export function errorOutcome(error: BotError | unknown, where: FailureContext, extra: Record<string, unknown> = {}): ActionOutcome {
  const kind: BotErrorKind = isBotError(error) ? error.kind : 'internal';
  const { status, code } = BY_KIND[kind];
  const body: WebhookErrorBody = { error: { code, message: callerMessage(error, where) } };
  return { statusCode: status, body: { error: { ...body.error, ...extra } } };
}

/** A 400 naming the field at fault. */
export function invalidField(field: string, message: string): ActionOutcome {
  return { statusCode: 400, body: { error: { code: 'invalid', message: `${field}: ${message}`, field } } };
}
