/**
 * The one error type of the bot. Every failure that can reach a user or an operator becomes a
 * `BotError`: a `kind` to branch on, a `userMessage` fit for Slack (one line, no secret, no stack),
 * and the original `cause` for the logs.
 */
export type BotErrorKind =
  /** Airflow (or the bot) has no such object. */
  | 'not_found'
  /** Airflow refused the credentials. */
  | 'unauthorized'
  /** Airflow understood who we are and said no. */
  | 'forbidden'
  /** The object changed under us, or the change is not possible now. */
  | 'conflict'
  /** Airflow rejected the request as malformed. */
  | 'invalid'
  /** Airflow (or a proxy in front of it) is down or answered garbage. */
  | 'unavailable'
  /** Airflow did not answer in time. */
  | 'timeout'
  /** The bot's own configuration is wrong (operator-facing). */
  | 'config'
  /** A secret is missing or malformed (operator-facing; never carries the value). */
  | 'credentials'
  /** The Slack user may not do this. */
  | 'permission_denied'
  /** The user typed something the bot does not understand. */
  | 'usage'
  /** Anything else: a bug. */
  | 'internal';

export interface BotErrorOptions {
  cause?: unknown;
  /** Extra facts for the log line (never secrets): deployment, URL, status… */
  details?: Record<string, unknown>;
}

export class BotError extends Error {
  override readonly name = 'BotError';
  readonly kind: BotErrorKind;
  /** Safe to show in Slack as it is. */
  readonly userMessage: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(kind: BotErrorKind, userMessage: string, options: BotErrorOptions = {}) {
    super(userMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.userMessage = userMessage;
    this.details = options.details ?? {};
  }
}

export function isBotError(error: unknown): error is BotError {
  return error instanceof BotError;
}

/**
 * Wraps anything thrown into a `BotError` once, so callers handle one type. Unknown errors become
 * `internal` with a generic message: their text may hold internals a user should not see.
 */
export function asBotError(error: unknown): BotError {
  if (isBotError(error)) return error;
  return new BotError('internal', 'Something went wrong inside the bot. The details are in its logs.', {
    cause: error,
  });
}
