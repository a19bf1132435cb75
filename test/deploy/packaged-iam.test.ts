import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemoAirflow, type DemoAirflow } from '../../local/demo-airflow/server';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../local/local-dynamodb';
import { startSlackStandIn, type SlackStandIn } from '../../local/slack-stand-in';
import type { StandInMessage } from '../../local/slack-stand-in/types';
import { encodeAddress } from '../../src/protocol/button-values';
import { ACTION_IDS, NOTE_MODAL_CALLBACK_ID, type TaskInstanceAddress } from '../../src/protocol/interaction-types';
import { NOTE_INPUT_ACTION_ID, NOTE_INPUT_BLOCK_ID } from '../../src/views/note-modal';
import { buttonValue } from '../helpers/find-button';
import { newWebhookSecret, signedWebhookEvent } from '../helpers/signed-webhook';
import { signedBlockActionsEvent, signedEventCallbackEvent, signedSlashCommandEvent, signedViewSubmissionEvent } from '../helpers/slack-requests';
import { appHomeOpenedEvent } from '../../local/slack-cli/event-bodies';
import { identityWith } from '../../local/slack-cli/slack-identity';
import { findButton } from '../../local/slack-cli/find-button';
import { checkCalls, describeDenied, type RecordedCall } from './packaged-iam/iam-check';
import { startLambdaEmulator, type LambdaEmulator } from './packaged-iam/lambda-emulator';
import { readPackagedTemplate, type PackagedTemplate } from './packaged-iam/packaged-template';

/**
 * IAM proven against the package as it deploys: `npm run package` (the example registry, a
 * placeholder workspace, the default params: what CI packages), then every function run from its
 * zip with the template's environment, its AWS calls recorded on loopback and checked against its
 * role in the packaged template. Each flow of the product runs once; a call its role does not
 * allow fails the check, naming the function, the action and the resource, and every grant no
 * flow used is printed.
 */

const ROOT = path.resolve(__dirname, '../..');
const SIGNING_SECRET = 'packaged-signing-secret';
const BOT_TOKEN = 'xoxb-packaged-bot-token';
const SOURCE_SECRET = newWebhookSecret();
const DEMO_USER = { username: 'admin', password: 'admin' };
/** The Slack user the registry lets change task instances. */
const ACTOR = 'ULOCAL0001';

let workDirectory: string;
let rawTemplate: unknown;
let template: PackagedTemplate;
let airflow: DemoAirflow;
let slack: SlackStandIn;
let dynamoDb: LocalDynamoDb;
let emulator: LambdaEmulator;
let teamId: string;

/** The registry packaged in place of the example one: the demo Airflow 3, a webhook source, and an Airflow that is down. */
function registryFor(airflowUrl: string): unknown {
  return {
    deployments: [
      {
        name: 'demo',
        displayName: 'Demo Airflow 3',
        apiUrl: airflowUrl,
        dialect: 'v2',
        auth: 'password',
        secretId: 'airflow-slack-ops/airflow/demo',
        defaultChannels: ['CDEMO00001'],
        actors: { users: [ACTOR] },
        sourceActions: { checks: ['read', 'note', 'mark', 'clear'] },
        alertRoutes: [{ dags: '*', channel: 'CDEMO00001', remindAfter: '1m' }],
        watch: true,
      },
      {
        name: 'down',
        displayName: 'An Airflow that is down',
        // Nothing listens on the discard port: every call to this Airflow fails at once.
        apiUrl: 'http://127.0.0.1:9',
        dialect: 'v2',
        auth: 'password',
        secretId: 'airflow-slack-ops/airflow/down',
        // One of the four digests is due whenever the test runs (each is due for six hours).
        alertRoutes: [
          ...['00:00', '06:00', '12:00', '18:00'].map((time) => ({ dags: `digest_${time}`, channel: 'CDEMO00001', digest: `${time} UTC` })),
          { dags: '*', channel: 'CDEMO00001' },
        ],
        watch: true,
      },
    ],
    sources: [{ name: 'checks', secretId: 'airflow-slack-ops/sources/checks', deployments: ['demo', 'down'] }],
  };
}

beforeAll(async () => {
  workDirectory = mkdtempSync(path.join(tmpdir(), 'packaged-iam-'));
  const packageDirectory = path.join(workDirectory, 'package');
  execFileSync('npm', ['run', 'package', '--', '--param=slackTeamIds=T0CI0000000', '--package', packageDirectory], {
    cwd: ROOT,
    env: { ...process.env, PACKAGE_DEPLOYMENTS_FILE: 'deployments.example.yaml', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
    stdio: 'pipe',
  });
  rawTemplate = JSON.parse(readFileSync(path.join(packageDirectory, 'cloudformation-template-update-stack.json'), 'utf8'));
  const state = JSON.parse(readFileSync(path.join(packageDirectory, 'serverless-state.json'), 'utf8')) as { service: { provider: { region: string } } };
  template = readPackagedTemplate(rawTemplate, state.service.provider.region);
  teamId = template.functions[0]!.environment.SLACK_TEAM_IDS!;

  airflow = await startDemoAirflow({ dialect: 'v2', ...DEMO_USER });
  slack = await startSlackStandIn({ botToken: BOT_TOKEN });
  dynamoDb = await startLocalDynamoDb();
  for (const table of template.tables) {
    type KeySchema = { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    const keysOf = (schema: KeySchema) => schema.map((key) => [key.AttributeName, key.KeyType] as const);
    const indexes = ((table.globalSecondaryIndexes ?? []) as { IndexName: string; KeySchema: KeySchema }[]).map((index) => ({ name: index.IndexName, keys: keysOf(index.KeySchema) }));
    await dynamoDb.createTable(table.name, keysOf(table.keySchema as KeySchema), indexes);
  }
  const slackSecretId = template.functions[0]!.environment.SLACK_SECRET_ID!;
  emulator = await startLambdaEmulator({
    template,
    zipsDirectory: packageDirectory,
    workDirectory: path.join(workDirectory, 'functions'),
    registry: registryFor(airflow.url),
    secrets: {
      [slackSecretId]: { signing_secret: SIGNING_SECRET, bot_token: BOT_TOKEN },
      'airflow-slack-ops/airflow/demo': DEMO_USER,
      'airflow-slack-ops/airflow/down': DEMO_USER,
      'airflow-slack-ops/sources/checks': { secrets: [SOURCE_SECRET] },
    },
    dynamoDbEndpoint: dynamoDb.endpoint,
    // Not in the template: where Slack is. Everything else is as deployed.
    environment: { SLACK_API_URL: slack.apiUrl, SLACK_RESPONSE_URL_ORIGINS: new URL(slack.url).origin },
  });
}, 300_000);

afterAll(async () => {
  await emulator?.close();
  await Promise.all([airflow?.close(), slack?.close(), dynamoDb?.close()]);
  rmSync(workDirectory, { recursive: true, force: true });
});

/** A task instance of the latest `etl_daily` run, failed, with no note. */
function failedTarget(taskId: string): TaskInstanceAddress {
  const store = airflow.store;
  const runId = store.runs().filter((run) => run.dagId === 'etl_daily').sort((a, b) => b.runAfter - a.runAfter)[0]!.runId;
  store.setNote('etl_daily', runId, taskId, -1, null);
  const flags = { includeUpstream: false, includeDownstream: false, includeFuture: false, includePast: false, dryRun: false };
  store.setState({ dagId: 'etl_daily', runId, taskId, mapIndex: undefined, newState: 'failed', ...flags });
  const ti = store.taskInstance('etl_daily', runId, taskId)!;
  return { deployment: 'demo', dagId: 'etl_daily', runId, taskId, mapIndex: -1, tryNumber: ti.tryNumber };
}

/** Slack's request through API Gateway to the Slack-facing function, then everything it set off. */
async function fromSlack(event: unknown): Promise<{ statusCode?: number; body?: string }> {
  const answer = (await emulator.invoke('slackEvents', event)) as { statusCode?: number; body?: string };
  await emulator.settled();
  return answer;
}

/** The ARN of the table a function's environment names in `variable`. */
function tableArn(variable: string): string {
  return `arn:aws:dynamodb:${template.region}:000000000000:table/${template.functions[0]!.environment[variable]}`;
}

/** Every action the watcher has called on the table named by `variable`, sorted. */
function watcherActionsOn(variable: string): string[] {
  return [...new Set(emulator.calls.filter((call) => call.caller === 'watcher' && call.resource === tableArn(variable)).map((call) => call.action))].sort();
}

function repliesSince(count: number): StandInMessage[] {
  return slack.messages.slice(count);
}

async function webhook(route: 'alerts' | 'actions', source: string, payload: unknown): Promise<{ statusCode?: number; body?: string }> {
  const key = route === 'alerts' ? 'alerts' : 'actions';
  const answer = (await emulator.invoke(key, signedWebhookEvent({ route, source, secret: SOURCE_SECRET, body: JSON.stringify(payload) }))) as {
    statusCode?: number;
    body?: string;
  };
  await emulator.settled();
  return answer;
}

const sender = () => ({ signingSecret: SIGNING_SECRET, teamId, userId: ACTOR });

describe('the packaged functions, each flow under its own role', () => {
  it('looks up a task instance: slash command → worker, answered through response_url', async () => {
    const before = slack.messages.length;
    const answer = await fromSlack(signedSlashCommandEvent({ ...sender(), text: 'ti demo etl_daily latest load', responseUrl: slack.newResponseUrl() }));
    expect(answer.statusCode).toBe(200);
    expect(repliesSince(before).map((message) => message.text).join('\n')).toContain('load');
  });

  it('previews a change, confirms it, and writes the audit trail and the audit note', async () => {
    const address = failedTarget('transform');
    let before = slack.messages.length;
    await fromSlack(signedBlockActionsEvent({ ...sender(), actionId: ACTION_IDS.markSuccess, value: encodeAddress(address), responseUrl: slack.newResponseUrl() }));
    const preview = repliesSince(before).find((message) => JSON.stringify(message.blocks).includes(ACTION_IDS.confirm));
    expect(preview).toBeDefined();

    before = slack.messages.length;
    const value = buttonValue(preview!.blocks, ACTION_IDS.confirm);
    await fromSlack(signedBlockActionsEvent({ ...sender(), actionId: ACTION_IDS.confirm, value, responseUrl: slack.newResponseUrl() }));
    expect(airflow.store.taskInstance(address.dagId, address.runId, address.taskId)!.state).toBe('success');
    expect(airflow.store.taskInstance(address.dagId, address.runId, address.taskId)!.note).toMatch(/Marked success by/);
  });

  it('saves a note from the note modal', async () => {
    const address = failedTarget('load');
    const views = slack.views.length;
    await fromSlack(signedBlockActionsEvent({ ...sender(), actionId: ACTION_IDS.addNote, value: encodeAddress(address), responseUrl: slack.newResponseUrl(), triggerId: slack.newTriggerId() }));
    expect(slack.views).toHaveLength(views + 1);
    const modal = slack.views.at(-1)!.view;
    await fromSlack(
      signedViewSubmissionEvent({
        ...sender(),
        callbackId: NOTE_MODAL_CALLBACK_ID,
        privateMetadata: modal.private_metadata,
        values: { [NOTE_INPUT_BLOCK_ID]: { [NOTE_INPUT_ACTION_ID]: { type: 'plain_text_input', value: 'rerun after the fix' } } },
      }),
    );
    expect(airflow.store.taskInstance(address.dagId, address.runId, address.taskId)!.note).toContain('rerun after the fix');
  });

  it("shows a task instance's audit trail", async () => {
    const before = slack.messages.length;
    await fromSlack(signedSlashCommandEvent({ ...sender(), text: 'audit demo etl_daily latest transform', responseUrl: slack.newResponseUrl() }));
    expect(repliesSince(before).map((message) => JSON.stringify(message.blocks)).join('\n')).toContain('*mark_success* applied');
  });

  it("publishes the App Home with the user's last actions, read through the audit trail's byUser index", async () => {
    const before = slack.events.length;
    await fromSlack(signedEventCallbackEvent({ ...sender(), event: appHomeOpenedEvent({ now: Date.now(), identity: identityWith({ userId: ACTOR, teamId }) }) }));
    const published = slack.events.slice(before).filter((event) => event.method === 'views.publish');
    expect(published).toHaveLength(1);
    expect(JSON.stringify(published[0]!.body)).toContain('*mark_success* `transform`');
  });

  it("tells the user when a job never ran, through the worker's on-failure destination", async () => {
    emulator.expireNextEvent('worker');
    const before = slack.messages.length;
    await fromSlack(signedSlashCommandEvent({ ...sender(), text: 'ti demo etl_daily latest load', responseUrl: slack.newResponseUrl() }));
    expect(repliesSince(before).map((message) => message.text).join('\n')).toMatch(/did not|never|not run|again/i);
  });

  it('shows an alert: alerts → alert worker', async () => {
    const address = failedTarget('extract');
    const before = slack.messages.length;
    const answer = await webhook('alerts', 'checks', {
      version: 1,
      event: 'task_instance.failed',
      deployment: 'demo',
      dag_id: address.dagId,
      run_id: address.runId,
      task_id: address.taskId,
      map_index: -1,
      try_number: address.tryNumber,
    });
    expect(answer.statusCode).toBe(202);
    const alert = repliesSince(before).find((message) => message.origin === 'chat.postMessage');
    expect(alert?.text).toContain('etl_daily is failing');

    // Cleared from the alert's button: the worker edits the alert (the alert table, the Web API).
    const click = { ...sender(), responseUrl: slack.newResponseUrl({ messageId: alert!.id }), message: { ts: alert!.ts, text: alert!.text, blocks: alert!.blocks } };
    await fromSlack(signedBlockActionsEvent({ ...click, actionId: ACTION_IDS.clear, value: buttonValue(alert!.blocks, ACTION_IDS.clear) }));
    // The stand-in shows the preview in place of the message clicked on.
    const preview = slack.messages.find((message) => message.ts === alert!.ts)!;
    expect(preview.text).toContain('Confirm or cancel');
    await fromSlack(signedBlockActionsEvent({ ...sender(), actionId: ACTION_IDS.confirm, value: buttonValue(preview.blocks, ACTION_IDS.confirm), responseUrl: slack.newResponseUrl() }));
    expect(JSON.stringify(slack.messages.find((message) => message.ts === alert!.ts)?.blocks)).toContain(`cleared by <@${ACTOR}>`);
  });

  it("sends an alert it cannot show to the alert worker's dead-letter queue", async () => {
    const answer = await webhook('alerts', 'checks', {
      version: 1,
      event: 'task_instance.failed',
      deployment: 'down',
      dag_id: 'etl_daily',
      run_id: 'scheduled__2026-01-01T00:00:00+00:00',
      task_id: 'load',
      map_index: -1,
      try_number: 1,
    });
    expect(answer.statusCode).toBe(202);
    expect(emulator.deadLetters).toHaveLength(1);
  });

  it.each([
    ['lookup', {}],
    ['note', { note: 'checked by the data-quality monitor', confirm: true }],
    ['mark', { state: 'success', confirm: true }],
    ['clear', { confirm: true }],
  ])('applies a webhook %s', async (action, fields) => {
    const address = failedTarget('load');
    const answer = await webhook('actions', 'checks', { action, deployment: 'demo', dag_id: address.dagId, run: address.runId, task_id: address.taskId, ...fields });
    expect({ action, status: answer.statusCode, body: answer.body }).toMatchObject({ action, status: 200 });
  });

  it('answers a redelivered webhook action with the first answer, applying it once', async () => {
    const address = failedTarget('extract');
    const event = () =>
      signedWebhookEvent({
        route: 'actions',
        source: 'checks',
        secret: SOURCE_SECRET,
        id: 'msg_redelivered',
        body: JSON.stringify({ action: 'mark', deployment: 'demo', dag_id: address.dagId, run: address.runId, task_id: address.taskId, state: 'success', confirm: true }),
      });
    const first = await emulator.invoke('actions', event());
    expect(await emulator.invoke('actions', event())).toEqual(first);
  });

  it('watches the deployments on schedule: watcher → alert worker, and an outage notice for the one that is down', async () => {
    const before = slack.messages.length;
    await emulator.invoke('watcher', { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });
    await emulator.settled();
    const posted = repliesSince(before).map((message) => message.text);
    expect(posted.some((text) => text.includes('An Airflow that is down'))).toBe(true);
    expect(emulator.calls.some((call) => call.caller === 'watcher' && call.action === 'lambda:InvokeFunction')).toBe(true);
  });

  it("posts the demo's human-in-the-loop requests on schedule, once each: watcher → the alert table", async () => {
    const calls = emulator.calls.length;
    await emulator.invoke('watcher', { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });
    await emulator.settled();
    const pending = airflow.store.hitlDetails().filter((detail) => detail.respondedAt === null);
    expect(pending).toHaveLength(2);
    for (const detail of pending) {
      expect(slack.messages.filter((message) => message.origin === 'chat.postMessage' && message.text === `Waiting for an answer: ${detail.subject} (${detail.dagId} in Demo Airflow 3)`)).toHaveLength(1);
    }
    // Each was claimed (a conditional put) and where it was posted stored, by this tick or the one above.
    expect(watcherActionsOn('ALERT_TABLE')).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(emulator.calls.length).toBeGreaterThan(calls);
  });

  it('answers a human-in-the-loop request from a Slack click: worker → Airflow once, the alert table, the lease, the idempotency and audit records', async () => {
    const detail = airflow.store.hitlDetails().find((candidate) => candidate.dagId === 'release_approval' && candidate.respondedAt === null)!;
    const message = slack.messages.find((candidate) => candidate.origin === 'chat.postMessage' && candidate.text.startsWith(`Waiting for an answer: ${detail.subject}`))!;
    const approve = findButton(message.blocks, 'Approve')!;
    const calls = emulator.calls.length;

    await fromSlack(
      signedBlockActionsEvent({
        ...sender(),
        actionId: approve.actionId,
        blockId: approve.blockId,
        text: approve.text,
        value: approve.value!,
        responseUrl: slack.newResponseUrl({ messageId: message.id }),
        message: { ts: message.ts, text: message.text, blocks: message.blocks },
      }),
    );

    const answered = airflow.store.hitlDetail(detail)!;
    expect({ respondedAt: answered.respondedAt !== null, chosenOptions: answered.chosenOptions }).toEqual({ respondedAt: true, chosenOptions: ['Approve'] });
    expect(airflow.store.taskInstance(detail.dagId, detail.runId, detail.taskId)!.note).toMatch(/^🤖 Answered Approve by /);
    expect(JSON.stringify(slack.messages.find((candidate) => candidate.ts === message.ts)!.blocks)).toContain(`<@${ACTOR}> from Slack`);
    const byTable = (name: string) =>
      [...new Set(emulator.calls.slice(calls).filter((call) => call.caller === 'worker' && call.resource === tableArn(name)).map((call) => call.action))].sort();
    expect(byTable('ALERT_TABLE')).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect(byTable('NOTE_LEASE_TABLE')).toEqual(['dynamodb:DeleteItem', 'dynamodb:PutItem']);
    expect(byTable('IDEMPOTENCY_TABLE')).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem']);
    expect(byTable('AUDIT_TABLE')).toEqual(['dynamodb:PutItem']);
  });

  it('reads the answered request back on the next tick and leaves the message the worker edited: watcher → the alert table', async () => {
    const answered = slack.messages.find((candidate) => candidate.origin === 'chat.postMessage' && candidate.text.startsWith('Answered (Approve): '))!;
    const shown = JSON.stringify(answered.blocks);

    await emulator.invoke('watcher', { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });
    await emulator.settled();

    expect(watcherActionsOn('ALERT_TABLE')).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    expect(JSON.stringify(slack.messages.find((candidate) => candidate.ts === answered.ts)!.blocks)).toBe(shown);
  });

  it("posts the channel's daily digest on schedule from the alert table: oncall", async () => {
    const before = slack.messages.length;
    await emulator.invoke('oncall', { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });
    const posted = repliesSince(before).map((message) => message.text);
    expect(posted.filter((text) => text.startsWith('Airflow digest: '))).toHaveLength(1);
    // The alerts shown above were listed in the channel's day index and read back in one batch.
    expect(emulator.calls.some((call) => call.caller === 'oncall' && call.action === 'dynamodb:BatchGetItem')).toBe(true);
  });
});

function uniqueCalls(calls: readonly RecordedCall[]): string[] {
  return [...new Set(calls.map((call) => `${call.caller}: ${call.action} ${call.resource}`))].sort();
}

describe('the roles of the packaged template', () => {
  it('allow every call the flows made', () => {
    const check = checkCalls(template.functions, emulator.calls);
    const unused = check.unused.map((grant) => `${grant.role}: ${grant.action} on ${grant.resource}`);
    process.stdout.write(
      `AWS calls made (function: action resource):\n  ${uniqueCalls(emulator.calls).join('\n  ')}\n` +
        `Grants no flow used:\n  ${unused.join('\n  ') || '(none)'}\n`,
    );
    expect(describeDenied(check.denied)).toEqual([]);
  });

  it('fail the check, naming the call, when the note-lease grant is taken from the actions role', () => {
    const copy = structuredClone(rawTemplate) as { Resources: Record<string, { Properties: { Policies: { PolicyDocument: { Statement: { Resource: unknown }[] } }[] } }> };
    for (const policy of copy.Resources.ActionsRole!.Properties.Policies) {
      policy.PolicyDocument.Statement = policy.PolicyDocument.Statement.filter((statement) => !JSON.stringify(statement.Resource).includes('NoteLeaseTable'));
    }
    const withoutGrant = readPackagedTemplate(copy, template.region);
    const leaseTable = `arn:aws:dynamodb:${template.region}:000000000000:table/${template.functions[0]!.environment.NOTE_LEASE_TABLE}`;
    expect(describeDenied(checkCalls(withoutGrant.functions, emulator.calls).denied)).toEqual(
      expect.arrayContaining([`actions (ActionsRole): dynamodb:PutItem on ${leaseTable} is not allowed (implicit deny)`]),
    );
  });
});
