import { z } from 'zod';
import { BotError } from '../errors';
import { describeIssue } from '../config/zod-issues';

/** The alert functions' own settings, read from the environment once per container. */
export interface AlertConfig {
  /** DynamoDB table of alert state and `webhook-id` records (`ALERT_TABLE`), keyed by `pk`. */
  table: string;
  /** Function that shows accepted alerts (`ALERT_WORKER_FUNCTION_NAME`); run in this process when unset (local runs). */
  workerFunctionName?: string;
  /** How long a burst of changes to one alert is gathered before Slack is told (`ALERT_COALESCE_MS`). */
  coalesceMs: number;
}

const LAMBDA_FUNCTION =
  /^(arn:aws(-[a-z]+)*:lambda:[a-z0-9-]+:\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;
const DYNAMODB_TABLE = /^(arn:aws(-[a-z]+)*:dynamodb:[a-z0-9-]+:\d{12}:table\/)?[A-Za-z0-9_.-]{3,255}$/;

const blankIsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const envSchema = z.object({
  ALERT_TABLE: z.preprocess(
    blankIsUnset,
    z.string({ error: 'is required (the DynamoDB table of alert state)' }).regex(DYNAMODB_TABLE, {
      error: 'must be a DynamoDB table name or table ARN',
    }),
  ),
  ALERT_WORKER_FUNCTION_NAME: z.preprocess(
    blankIsUnset,
    z.string().regex(LAMBDA_FUNCTION, { error: 'must be a Lambda function name or function ARN' }).optional(),
  ),
  ALERT_COALESCE_MS: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^\d{1,5}$/, { error: 'must be a whole number of milliseconds from 0 to 10000' })
      .transform(Number)
      .pipe(z.number().max(10_000, { error: 'must be a whole number of milliseconds from 0 to 10000' }))
      .optional(),
  ),
});

/**
 * Reads the alert settings.
 *
 * @throws `BotError('config')` naming every variable that is wrong: `Invalid environment: ALERT_TABLE: is required …`.
 */
export function loadAlertConfig(env: NodeJS.ProcessEnv): AlertConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(describeIssue);
    throw new BotError('config', `Invalid environment: ${problems.join('; ')}`, { details: { problems } });
  }
  const vars = parsed.data;
  return {
    table: vars.ALERT_TABLE,
    coalesceMs: vars.ALERT_COALESCE_MS ?? 300,
    ...(vars.ALERT_WORKER_FUNCTION_NAME === undefined ? {} : { workerFunctionName: vars.ALERT_WORKER_FUNCTION_NAME }),
  };
}

/** True when the environment names an alert table: the Slack worker then updates alerts after actions. */
export function alertsConfigured(env: NodeJS.ProcessEnv): boolean {
  return blankIsUnset(env.ALERT_TABLE) !== undefined;
}
