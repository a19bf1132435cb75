import pino, { type DestinationStream, type Logger } from 'pino';

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
    },
    options.destination,
  );
}
