import { z } from 'zod';
import { BotError } from '../errors';
import { secretIdSchema } from './secret-id';
import { describeIssue } from './zod-issues';

/** The functions' settings, read from the environment once per container by `loadAppConfig`. */
export interface AppConfig {
  /** Secret with the Slack `signing_secret` and `bot_token` (`SLACK_SECRET_ID`). */
  slackSecretId: string;
  /** The slash command as registered in Slack, such as `/airflow` (`SLASH_COMMAND`). */
  slashCommand: string;
  /** Name or ARN of the worker function jobs are handed to (`WORKER_FUNCTION_NAME`). */
  workerFunctionName?: string;
  /** Base URL of the Slack Web API, ending in `/` (`SLACK_API_URL`); loopback in local runs and tests. */
  slackApiUrl: string;
  /** How long a fetched secret is trusted, in milliseconds (`SECRETS_CACHE_TTL_SECONDS` × 1000). */
  secretsCacheTtlMs: number;
  /** How long one Airflow request may take (`AIRFLOW_TIMEOUT_MS`). */
  airflowTimeoutMs: number;
  /** Pino log level (`LOG_LEVEL`). */
  logLevel: LogLevel;
  /** DynamoDB table of previews and handled requests (`PREVIEW_LEDGER_TABLE`); in memory when absent. */
  previewLedgerTable?: string;
  /** DynamoDB table of the audit trail (`AUDIT_TABLE`); in memory when absent. */
  auditTable?: string;
  /** How long audit records are kept, in days (`AUDIT_TTL_DAYS`, default 400). */
  auditTtlDays: number;
  /** DynamoDB table of note leases (`NOTE_LEASE_TABLE`); in memory when absent. */
  noteLeaseTable?: string;
  /** Local JSON file to read secrets from instead of Secrets Manager (`LOCAL_CREDENTIALS_FILE`). */
  localCredentialsFile?: string;
  /** DynamoDB table of idempotency records (`IDEMPOTENCY_TABLE`): alert deliveries, webhook changes, Slack notes. */
  idempotencyTable?: string;
  /**
   * The workspaces whose requests are accepted (`SLACK_TEAM_IDS`, comma-separated `T…` ids).
   * Required when the bot runs in AWS (`WORKER_FUNCTION_NAME` set); unset locally: any workspace.
   */
  slackTeamIds?: readonly string[];
  /** The Enterprise Grid organizations accepted (`SLACK_ENTERPRISE_IDS`, `E…`); a request naming another is refused. */
  slackEnterpriseIds?: readonly string[];
  /** Origins accepted as `response_url` besides Slack's own hosts (`SLACK_RESPONSE_URL_ORIGINS`): the local stand-in. */
  responseUrlOrigins?: readonly string[];
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where the Slack secret is looked up in a local credentials file when `SLACK_SECRET_ID` is unset. */
export const LOCAL_SLACK_SECRET_ID = 'local/slack';

/** An unset variable and an empty one mean the same: the default. */
function isUnset(value: unknown): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '');
}

function optionalVar<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (isUnset(value) ? undefined : value), schema.optional());
}

function wholeNumber(min: number, max: number) {
  const rule = `must be a whole number from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d{1,9}$/, { error: rule })
    .transform(Number)
    .pipe(z.number().min(min, { error: rule }).max(max, { error: rule }));
}

const HTTP_URL_RULE = 'must be an http or https URL';

const slackApiUrlSchema = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  },
  { error: HTTP_URL_RULE },
);

/** A comma-separated list whose every item matches `pattern`; spaces around commas are ignored. */
function commaList(pattern: RegExp, rule: string) {
  return z
    .string()
    .transform((value) => value.split(',').map((item) => item.trim()).filter((item) => item !== ''))
    .refine((items) => items.length > 0 && items.every((item) => pattern.test(item)), { error: rule });
}

const HTTP_ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

const LAMBDA_FUNCTION =
  /^(arn:aws(-[a-z]+)*:lambda:[a-z0-9-]+:\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;
const DYNAMODB_TABLE = /^(arn:aws(-[a-z]+)*:dynamodb:[a-z0-9-]+:\d{12}:table\/)?[A-Za-z0-9_.-]{3,255}$/;

const TABLE_RULE = 'must be a DynamoDB table name or table ARN';

const envSchema = z.object({
  SLACK_SECRET_ID: optionalVar(secretIdSchema),
  SLASH_COMMAND: optionalVar(
    z.string().regex(/^\/[a-z0-9_-]{1,31}$/, {
      error: 'must be a slash command such as /airflow: "/" then up to 31 lowercase letters, digits, "-" or "_"',
    }),
  ),
  WORKER_FUNCTION_NAME: optionalVar(
    z.string().regex(LAMBDA_FUNCTION, { error: 'must be a Lambda function name or function ARN' }),
  ),
  SLACK_API_URL: optionalVar(slackApiUrlSchema),
  SECRETS_CACHE_TTL_SECONDS: optionalVar(wholeNumber(0, 86_400)),
  AIRFLOW_TIMEOUT_MS: optionalVar(wholeNumber(1, 900_000)),
  LOG_LEVEL: optionalVar(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
  PREVIEW_LEDGER_TABLE: optionalVar(z.string().regex(DYNAMODB_TABLE, { error: TABLE_RULE })),
  AUDIT_TABLE: optionalVar(z.string().regex(DYNAMODB_TABLE, { error: TABLE_RULE })),
  AUDIT_TTL_DAYS: optionalVar(wholeNumber(1, 36_500)),
  NOTE_LEASE_TABLE: optionalVar(z.string().regex(DYNAMODB_TABLE, { error: TABLE_RULE })),
  LOCAL_CREDENTIALS_FILE: optionalVar(z.string()),
  IDEMPOTENCY_TABLE: optionalVar(z.string().regex(DYNAMODB_TABLE, { error: 'must be a DynamoDB table name or table ARN' })),
  SLACK_TEAM_IDS: optionalVar(commaList(/^T[A-Z0-9]{2,20}$/, 'must be Slack team ids such as T012AB3C4D, separated by commas')),
  SLACK_ENTERPRISE_IDS: optionalVar(
    commaList(/^E[A-Z0-9]{2,20}$/, 'must be Slack enterprise ids such as E012AB3C4D, separated by commas'),
  ),
  SLACK_RESPONSE_URL_ORIGINS: optionalVar(
    commaList(HTTP_ORIGIN, 'must be origins such as http://127.0.0.1:3001 (scheme, host and port, no path), separated by commas'),
  ),
});

/**
 * Reads the functions' settings from the environment, with defaults for all but
 * `SLACK_SECRET_ID`, which is required unless secrets come from `LOCAL_CREDENTIALS_FILE` (then it
 * defaults to `local/slack`). Values are never repeated in messages: a misplaced secret must not
 * reach the logs.
 *
 * @throws `BotError('config')` naming every variable that is wrong:
 *   `Invalid environment: AIRFLOW_TIMEOUT_MS: must be a whole number from 1 to 900000`.
 * @example
 * const config = loadAppConfig(process.env);
 */
export function loadAppConfig(env: NodeJS.ProcessEnv): AppConfig {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map(describeIssue);
  const vars = parsed.success ? parsed.data : undefined;
  if (isUnset(env.SLACK_SECRET_ID) && isUnset(env.LOCAL_CREDENTIALS_FILE)) {
    problems.push('SLACK_SECRET_ID: is required (the secret with the Slack signing_secret and bot_token)');
  }
  // In AWS the bot answers the internet: only the workspace it was installed in may talk to it.
  if (vars?.WORKER_FUNCTION_NAME !== undefined && vars.SLACK_TEAM_IDS === undefined) {
    problems.push('SLACK_TEAM_IDS: is required when WORKER_FUNCTION_NAME is set (the id of your Slack workspace, T…)');
  }
  if (vars === undefined || problems.length > 0) {
    throw new BotError('config', `Invalid environment: ${problems.join('; ')}`, { details: { problems } });
  }
  return {
    slackSecretId: vars.SLACK_SECRET_ID ?? LOCAL_SLACK_SECRET_ID,
    slashCommand: vars.SLASH_COMMAND ?? '/airflow',
    slackApiUrl: withTrailingSlash(vars.SLACK_API_URL ?? 'https://slack.com/api/'),
    secretsCacheTtlMs: (vars.SECRETS_CACHE_TTL_SECONDS ?? 300) * 1000,
    airflowTimeoutMs: vars.AIRFLOW_TIMEOUT_MS ?? 10_000,
    logLevel: vars.LOG_LEVEL ?? 'info',
    ...(vars.WORKER_FUNCTION_NAME === undefined ? {} : { workerFunctionName: vars.WORKER_FUNCTION_NAME }),
    auditTtlDays: vars.AUDIT_TTL_DAYS ?? 400,
    ...(vars.PREVIEW_LEDGER_TABLE === undefined ? {} : { previewLedgerTable: vars.PREVIEW_LEDGER_TABLE }),
    ...(vars.AUDIT_TABLE === undefined ? {} : { auditTable: vars.AUDIT_TABLE }),
    ...(vars.NOTE_LEASE_TABLE === undefined ? {} : { noteLeaseTable: vars.NOTE_LEASE_TABLE }),
    ...(vars.LOCAL_CREDENTIALS_FILE === undefined ? {} : { localCredentialsFile: vars.LOCAL_CREDENTIALS_FILE }),
    ...(vars.IDEMPOTENCY_TABLE === undefined ? {} : { idempotencyTable: vars.IDEMPOTENCY_TABLE }),
    ...(vars.SLACK_TEAM_IDS === undefined ? {} : { slackTeamIds: vars.SLACK_TEAM_IDS }),
    ...(vars.SLACK_ENTERPRISE_IDS === undefined ? {} : { slackEnterpriseIds: vars.SLACK_ENTERPRISE_IDS }),
    ...(vars.SLACK_RESPONSE_URL_ORIGINS === undefined ? {} : { responseUrlOrigins: vars.SLACK_RESPONSE_URL_ORIGINS }),
  };
}

/** The Slack Web API client joins method names onto this URL, so it must end in `/`. */
function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
