import pino, { type DestinationStream, type Logger } from 'pino';
import { sourceMappedStack } from './source-mapped-stack';

export type { Logger };

/**
 * Keys whose values are never written, wherever they appear in a log object. A secret should never
 * reach a log call in the first place; this is the second line of defence.
 */
const REDACTED_KEYS = [
  'password',
  'token',
  'access_token',
  'botToken',
  'bot_token',
  'signingSecret',
  'signing_secret',
  'authorization',
  'Authorization',
  'SecretString',
  'secret',
];

export interface LoggerOptions {
  level?: string;
  /** Where lines go; stdout (CloudWatch on Lambda) when absent. Tests pass a collecting stream. */
  destination?: DestinationStream;
}

/** A JSON-lines logger (one object a line), as CloudWatch Logs Insights reads best. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const redactPaths = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service: 'airflow-slack-ops' },
      redact: { paths: redactPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: serializeError },
    },
    options.destination,
  );
}

/**
 * Only name, message, stack and a short cause chain. pino's default serializer copies every
 * enumerable property, and HTTP client errors carry their request options (headers included).
 * The stack points at the TypeScript sources when the code runs bundled (`sourceMappedStack`).
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const stack = error.stack === undefined ? undefined : sourceMappedStack(error.stack);
  const fields: Record<string, unknown> = { type: error.name, message: error.message, stack };
  const causes: string[] = [];
  let cause: unknown = error.cause;
  while (cause !== undefined && causes.length < 5) {
    causes.push(cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  if (causes.length > 0) fields.causes = causes;
  return fields;
}
