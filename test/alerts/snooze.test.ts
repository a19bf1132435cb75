import { WebClient } from '@slack/web-api';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { processAlert, type AlertProcessorDeps } from '../../src/alerts/process-alert';
import { createMemoryAuditTrail } from '../../src/audit/audit-trail-memory';
import type { AuditRecord } from '../../src/audit/audit-trail';
import { createMemoryNoteLease } from '../../src/changes/note-lease';
import { loadAppConfig } from '../../src/config/app-config';
import { parseDeployments } from '../../src/config/parse-deployments';
import { createSecretCache } from '../../src/credentials/secret-cache';
import { createInProcessHandoff } from '../../src/handoff/in-process-handoff';
import { createMemoryRunOnce } from '../../src/idempotency/run-once';
import { createAlertProcessorDeps } from '../../src/runtime/alert-worker-runtime';
import { createSlackEventsHandler } from '../../src/runtime/slack-events-runtime';
import { createWorkerRuntime } from '../../src/runtime/worker-runtime';
import { slackWebClientOptions } from '../../src/slack-replies/web-client';
import { createDynamoDbSnoozeStore } from '../../src/snoozes/snooze-store-dynamodb';
import { createMemoryPreviewStore } from '../../src/worker/previews/preview-store-memory';
import { LOCAL_ALERT_TABLE } from '../../local/alerts/local-alert-settings';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../local/local-dynamodb';
import { LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION, LOCAL_CHANNEL, LOCAL_SIGNING_SECRET, LOCAL_TEAM } from '../../local/local-settings';
import { buildBlockActionsBody } from '../../local/slack-cli/block-actions-body';
import { findButton } from '../../local/slack-cli/find-button';
import { identityWith } from '../../local/slack-cli/slack-identity';
import { startSlackStandIn, type SlackStandIn } from '../../local/slack-stand-in';
import type { StandInMessage } from '../../local/slack-stand-in/types';
import { collectingLogger } from '../audit/collecting-logger';
import { MemorySecretSource } from '../credentials/memory-secret-source';
import { FakeAirflowClient } from '../helpers/fake-airflow-client';
import { fakeLambdaContext, signedSlackRequestEvent, signedSlashCommandEvent } from '../helpers/slack-requests';
import { alertMessages, failedTasks, newMessages, taskJob, threadLines } from './alert-harness';

const BOT_TOKEN = 'xoxb-snooze-test-token';
const ACTOR = 'ULOCAL0001';
const READER = 'UREADER001';
/** 10:00 in Paris, where the actor is. */
const T0 = Date.parse('2026-11-23T09:00:00Z');
/** 9:00 tomorrow in Paris. */
const TOMORROW_9_PARIS = Date.parse('2026-11-24T08:00:00Z');

/**
 * Snoozing from the alert and by command, through the real Slack-facing handler (signed requests,
 * Bolt, the listeners) and the real worker runtime (in process), the alert processor as its runtime
 * builds it, DynamoDB (dynalite) and the Slack stand-in over HTTP. The bot's clock is injected.
 */
describe('snoozing a DAG’s alerts', () => {
  let dynamo: LocalDynamoDb;
  let slack: SlackStandIn;
  let alerts: AlertProcessorDeps;
  let send: (event: APIGatewayProxyEventV2) => Promise<void>;
  const audit = createMemoryAuditTrail({ ttlDays: 400 });
  const auditRecords: AuditRecord[] = [];
  let now = T0;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    dynamo = await startLocalDynamoDb();
    // The runtimes build their DynamoDB clients as in AWS: the SDK reads these.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_REGION: LOCAL_AWS_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_AWS_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_AWS_CREDENTIALS.secretAccessKey,
    });
    slack = await startSlackStandIn({
      botToken: BOT_TOKEN,
      users: { [ACTOR]: 'alice', [READER]: 'bob' },
      timeZones: { [ACTOR]: 'Europe/Paris' },
    });
    const { logger } = collectingLogger();
    const registry = parseDeployments(
      [
        {
          name: 'prod',
          displayName: 'Production',
          apiUrl: 'https://airflow.example.com',
          auth: 'bearer',
          secretId: 'airflow/prod',
          actors: { users: [ACTOR] },
          alertRoutes: [{ dags: 'etl_*', channel: LOCAL_CHANNEL.id, mention: 'S0ONCALL01' }],
        },
      ],
      'test registry',
    );
    const config = loadAppConfig({
      SLACK_SECRET_ID: 'slack/secret',
      SLACK_API_URL: slack.apiUrl,
      SLACK_TEAM_IDS: LOCAL_TEAM.id,
      SLACK_RESPONSE_URL_ORIGINS: new URL(slack.url).origin,
    });
    const secrets = createSecretCache(
      new MemorySecretSource({ 'slack/secret': JSON.stringify({ signing_secret: LOCAL_SIGNING_SECRET, bot_token: BOT_TOKEN }) }),
    );
    const alertConfig = { table: LOCAL_ALERT_TABLE, coalesceMs: 0 };
    const clock = () => now;
    const worker = createWorkerRuntime({
      config,
      registry,
      secrets,
      logger,
      once: createMemoryRunOnce(),
      previews: createMemoryPreviewStore(),
      audit: {
        ...audit,
        append: async (record) => {
          auditRecords.push(record);
          await audit.append(record);
        },
      },
      noteLease: createMemoryNoteLease(),
      alertConfig,
      clock,
    });
    const handoff = createInProcessHandoff({ run: (job) => worker.run(job), logger });
    const handler = createSlackEventsHandler({ config, registry, secrets, handoff, logger });
    send = async (event) => {
      await handler(event, fakeLambdaContext());
      await handoff.drain();
    };
    const web = new WebClient(BOT_TOKEN, slackWebClientOptions(slack.apiUrl));
    const airflow = new FakeAirflowClient('prod', failedTasks(4, 2));
    alerts = createAlertProcessorDeps({ alertConfig, registry, logger, airflow: { get: () => airflow }, web: async () => web, clock });
  });

  afterAll(async () => {
    process.env = savedEnv;
    await slack.close();
    await dynamo.close();
  });

  const failure = (run: number, task = 0) =>
    processAlert(taskJob({ dagId: 'etl_daily', runId: `run_0${run}`, taskId: `task_0${task}` }, 'task_instance.failed', `msg_${run}_${task}_${now}`), alerts);

  async function choose(message: StandInMessage, label: string, userId: string): Promise<void> {
    const option = findButton(message.blocks, label);
    if (option === undefined) throw new Error(`no "${label}" on the alert`);
    const body = buildBlockActionsBody({
      button: option,
      message: { ts: message.ts, ephemeral: false, text: message.text, blocks: message.blocks, botUserId: 'UBOTLOCAL1', botId: 'BLOCAL0001' },
      responseUrl: slack.newResponseUrl({ messageId: message.id }),
      triggerId: 'trigger-1',
      now: Date.now(),
      identity: identityWith({ userId }),
    });
    await send(signedSlackRequestEvent(body, { signingSecret: LOCAL_SIGNING_SECRET }));
  }

  async function command(text: string, userId: string): Promise<string[]> {
    const before = slack.messages.length;
    await send(signedSlashCommandEvent({ signingSecret: LOCAL_SIGNING_SECRET, text, responseUrl: slack.newResponseUrl(), userId }));
    return slack.messages.slice(before).map((message) => `${message.text} ${JSON.stringify(message.blocks)}`);
  }

  const snoozes = () => createDynamoDbSnoozeStore({ client: dynamo.documents, tableName: LOCAL_ALERT_TABLE, clock: () => now }).list(['prod']);

  it('refuses a reader’s snooze from the alert, records the refusal and stores nothing', async () => {
    await failure(0);
    const [alert] = alertMessages(slack);
    expect(alert?.text).toContain('<!subteam^S0ONCALL01>');

    await choose(alert!, 'Snooze 1 hour', READER);

    expect(await snoozes()).toEqual([]);
    expect(auditRecords.filter((record) => record.userId === READER)).toEqual([
      expect.objectContaining({ deployment: 'prod', action: 'snooze', target: 'dag:etl_daily', outcome: 'refused', reason: 'not an actor of this deployment' }),
    ]);
    expect(slack.messages.some((message) => message.ephemeral && message.text.includes('You may not snooze alerts in Production'))).toBe(true);
  });

  it('snoozes from the alert until 9:00 tomorrow in the actor’s time zone, and says so in the alert’s thread', async () => {
    const [alert] = alertMessages(slack);
    await choose(alert!, 'Snooze until tomorrow 9:00', ACTOR);

    expect(await snoozes()).toEqual([
      expect.objectContaining({ deployment: 'prod', dagId: 'etl_daily', until: TOMORROW_9_PARIS, by: ACTOR, alert: { channel: LOCAL_CHANNEL.id, ts: alert!.ts } }),
    ]);
    expect(threadLines(slack, alert!.ts)).toEqual([
      expect.stringContaining('<@ULOCAL0001> snoozed the alerts of `etl_daily` in Production until Tue 24 Nov 09:00 (Europe/Paris)'),
    ]);
    expect(auditRecords.filter((record) => record.userId === ACTOR).map((record) => [record.action, record.target, record.outcome])).toEqual([
      ['snooze', 'dag:etl_daily', 'allowed'],
      ['snooze', 'dag:etl_daily', 'applied'],
    ]);
  });

  it('holds back a failure of another run while snoozed: no new message, no mention, counted once per run in the alert’s thread', async () => {
    const [alert] = alertMessages(slack);
    const posted = newMessages(slack).length;
    now = T0 + 60 * 60 * 1000;

    await failure(1);
    await failure(1, 1);
    await failure(2);

    expect(newMessages(slack)).toHaveLength(posted);
    expect(slack.messages.filter((message) => message.text.includes('subteam'))).toHaveLength(1);
    const lines = threadLines(slack, alert!.ts);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(':zzz: 2 more failures while snoozed (latest: run `run_02`).');
    const [snooze] = await snoozes();
    expect(snooze?.suppressedRuns).toEqual(['run_01', 'run_02']);
  });

  it('keeps updating the alert of a run alerted before the snooze', async () => {
    const [alert] = alertMessages(slack);
    await failure(0, 1);
    expect(alertMessages(slack)).toHaveLength(1);
    expect(JSON.stringify(slack.messages.find((message) => message.id === alert!.id)?.blocks)).toContain('task_01');
  });

  it('lists the snooze with /airflow snoozes, in the asker’s time zone, with its count', async () => {
    const answer = (await command('snoozes', READER)).join('\n');
    expect(answer).toContain('`etl_daily` in Production until Tue 24 Nov 08:00 (Etc/UTC), by <@ULOCAL0001> · 2 held back');
  });

  it('lists what was snoozed in /airflow digest, with the runs held back', async () => {
    const answer = (await command('digest', READER)).join('\n');
    expect(answer).toContain('1 still open · 0 acknowledged · 2 failures snoozed');
    expect(answer).toContain('*Snoozed*\\n• *Production* · `etl_daily` until 2026-11-24 08:00:00 UTC, 2 runs held back');
  });

  it('alerts as usual once the snooze has ended', async () => {
    now = TOMORROW_9_PARIS + 1000;
    const posted = newMessages(slack).length;

    await failure(3);

    expect(newMessages(slack)).toHaveLength(posted + 1);
    expect(alertMessages(slack).at(-1)?.text).toContain('<!subteam^S0ONCALL01> etl_daily is failing');
    expect(await snoozes()).toEqual([]);
  });

  it('snoozes and unsnoozes by command, each in the audit trail; a reader may do neither', async () => {
    expect((await command('snooze prod etl_daily 30m', READER)).join('\n')).toContain('You may not snooze alerts in Production');
    expect(await snoozes()).toEqual([]);

    expect((await command('snooze prod etl_daily 30m', ACTOR)).join('\n')).toContain('until 09:30 (Europe/Paris)');
    expect(await snoozes()).toEqual([expect.objectContaining({ dagId: 'etl_daily', until: now + 30 * 60 * 1000 })]);

    expect((await command('unsnooze prod etl_daily', READER)).join('\n')).toContain('You may not unsnooze alerts in Production');
    expect((await command('unsnooze prod etl_daily', ACTOR)).join('\n')).toContain('ended the snooze of `etl_daily`');
    expect(await snoozes()).toEqual([]);
    expect((await command('unsnooze prod etl_daily', ACTOR)).join('\n')).toContain('is not snoozed');

    const byCommand = auditRecords.filter((record) => record.outcome !== 'allowed').slice(-5);
    expect(byCommand.map((record) => [record.userId, record.action, record.outcome])).toEqual([
      [READER, 'snooze', 'refused'],
      [ACTOR, 'snooze', 'applied'],
      [READER, 'unsnooze', 'refused'],
      [ACTOR, 'unsnooze', 'applied'],
      [ACTOR, 'unsnooze', 'refused'],
    ]);
  });
});
