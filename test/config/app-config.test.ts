import { loadAppConfig } from '../../src/config/app-config';
import { BotError } from '../../src/errors';

function errorOf(env: NodeJS.ProcessEnv): BotError {
  try {
    loadAppConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(BotError);
    return error as BotError;
  }
  throw new Error('expected a BotError, but nothing was thrown');
}

describe('loadAppConfig', () => {
  it('fills in every default around the required Slack secret id', () => {
    expect(loadAppConfig({ SLACK_SECRET_ID: 'ops-bot/slack', PATH: '/usr/bin' })).toEqual({
      slackSecretId: 'ops-bot/slack',
      slashCommand: '/airflow',
      slackApiUrl: 'https://slack.com/api/',
      secretsCacheTtlMs: 300_000,
      airflowTimeoutMs: 10_000,
      logLevel: 'info',
      auditTtlDays: 400,
    });
  });

  it('reads every variable', () => {
    expect(
      loadAppConfig({
        SLACK_SECRET_ID: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ops-bot/slack-AbCdEf',
        SLASH_COMMAND: '/airflow-dev',
        WORKER_FUNCTION_NAME: 'arn:aws:lambda:eu-west-1:123456789012:function:ops-bot-worker',
        SLACK_API_URL: 'http://127.0.0.1:3999/api',
        SECRETS_CACHE_TTL_SECONDS: '60',
        AIRFLOW_TIMEOUT_MS: '2500',
        LOG_LEVEL: 'debug',
        PREVIEW_LEDGER_TABLE: 'ops-bot-preview-ledger',
        AUDIT_TABLE: 'ops-bot-audit',
        AUDIT_TTL_DAYS: '30',
        NOTE_LEASE_TABLE: 'ops-bot-note-leases',
        LOCAL_CREDENTIALS_FILE: '.local/credentials.json',
        SLACK_TEAM_IDS: 'T0001, T0002',
        SLACK_ENTERPRISE_IDS: 'E0001',
        SLACK_RESPONSE_URL_ORIGINS: 'http://127.0.0.1:3001',
      }),
    ).toEqual({
      slackSecretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ops-bot/slack-AbCdEf',
      slashCommand: '/airflow-dev',
      workerFunctionName: 'arn:aws:lambda:eu-west-1:123456789012:function:ops-bot-worker',
      slackApiUrl: 'http://127.0.0.1:3999/api/',
      secretsCacheTtlMs: 60_000,
      airflowTimeoutMs: 2500,
      logLevel: 'debug',
      previewLedgerTable: 'ops-bot-preview-ledger',
      auditTable: 'ops-bot-audit',
      auditTtlDays: 30,
      noteLeaseTable: 'ops-bot-note-leases',
      localCredentialsFile: '.local/credentials.json',
      slackTeamIds: ['T0001', 'T0002'],
      slackEnterpriseIds: ['E0001'],
      responseUrlOrigins: ['http://127.0.0.1:3001'],
    });
  });

  it('requires SLACK_TEAM_IDS when the bot runs in AWS (WORKER_FUNCTION_NAME set)', () => {
    const error = errorOf({ SLACK_SECRET_ID: 'ops-bot/slack', WORKER_FUNCTION_NAME: 'ops-bot-worker' });
    expect(error.userMessage).toBe(
      'Invalid environment: SLACK_TEAM_IDS: is required when WORKER_FUNCTION_NAME is set (the id of your Slack workspace, T…)',
    );
  });

  it('treats empty variables as unset', () => {
    expect(loadAppConfig({ SLACK_SECRET_ID: 'ops-bot/slack', SLASH_COMMAND: '', AIRFLOW_TIMEOUT_MS: ' ' })).toMatchObject({
      slashCommand: '/airflow',
      airflowTimeoutMs: 10_000,
    });
  });

  it('uses local/slack as the Slack secret id when secrets come from a local file', () => {
    expect(loadAppConfig({ LOCAL_CREDENTIALS_FILE: 'credentials.json' }).slackSecretId).toBe('local/slack');
  });

  it('requires SLACK_SECRET_ID when secrets come from Secrets Manager', () => {
    const error = errorOf({});
    expect(error.kind).toBe('config');
    expect(error.userMessage).toBe(
      'Invalid environment: SLACK_SECRET_ID: is required (the secret with the Slack signing_secret and bot_token)',
    );
  });

  it.each([
    ['SLACK_SECRET_ID', 'xoxb-1 2', 'must be a Secrets Manager secret name (1-512 characters of letters, digits and /_+=.@-) or a full arn:aws:secretsmanager:<region>:<account>:secret:<name> ARN'],
    ['SLASH_COMMAND', 'airflow', 'must be a slash command such as /airflow: "/" then up to 31 lowercase letters, digits, "-" or "_"'],
    ['WORKER_FUNCTION_NAME', 'worker function', 'must be a Lambda function name or function ARN'],
    ['SLACK_API_URL', 'slack.com/api', 'must be an http or https URL'],
    ['SECRETS_CACHE_TTL_SECONDS', '5m', 'must be a whole number from 0 to 86400'],
    ['SECRETS_CACHE_TTL_SECONDS', '86401', 'must be a whole number from 0 to 86400'],
    ['AIRFLOW_TIMEOUT_MS', '0', 'must be a whole number from 1 to 900000'],
    ['AIRFLOW_TIMEOUT_MS', '-5', 'must be a whole number from 1 to 900000'],
    ['LOG_LEVEL', 'verbose', 'must be one of fatal, error, warn, info, debug, trace, silent'],
    ['PREVIEW_LEDGER_TABLE', 'a', 'must be a DynamoDB table name or table ARN'],
    ['SLACK_TEAM_IDS', 'T1,workspace', 'must be Slack team ids such as T012AB3C4D, separated by commas'],
    ['SLACK_TEAM_IDS', ',', 'must be Slack team ids such as T012AB3C4D, separated by commas'],
    ['SLACK_ENTERPRISE_IDS', 'T0001', 'must be Slack enterprise ids such as E012AB3C4D, separated by commas'],
    ['SLACK_RESPONSE_URL_ORIGINS', 'http://127.0.0.1:3001/hooks', 'must be origins such as http://127.0.0.1:3001 (scheme, host and port, no path), separated by commas'],
  ])('names %s when its value %p is not valid, without repeating the value', (name, value, rule) => {
    const error = errorOf({ SLACK_SECRET_ID: 'ops-bot/slack', [name]: value });
    expect(error.kind).toBe('config');
    expect(error.userMessage).toBe(`Invalid environment: ${name}: ${rule}`);
  });

  it('lists every wrong variable at once', () => {
    const error = errorOf({ AIRFLOW_TIMEOUT_MS: 'soon', LOG_LEVEL: 'loud' });
    expect(error.details).toEqual({
      problems: [
        'AIRFLOW_TIMEOUT_MS: must be a whole number from 1 to 900000',
        'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
        'SLACK_SECRET_ID: is required (the secret with the Slack signing_secret and bot_token)',
      ],
    });
  });
});
