import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { BOT_TABLES } from '../../local/local-dynamodb';
import { LOCAL_ALERT_SECRET, LOCAL_ALERT_SOURCE } from '../../local/alerts/local-alert-settings';
import { LOCAL_WEBHOOK_SECRET } from '../../local/local-settings';
import type { LocalStack } from '../../local/local-stack';
import { runCli } from '../../local/slack-cli/run-cli';
import * as service from '../../src/changes/apply-change';
import { auditSubject } from '../../src/audit/audit-trail';
import { signatureFor } from '../helpers/signed-webhook';
import { cliDepsFor, startTestStack } from './local-stack-fixture';

// The one apply function, watched: every handler of the stack imports it from this module.
jest.mock('../../src/changes/apply-change', () => {
  const actual = jest.requireActual<typeof import('../../src/changes/apply-change')>('../../src/changes/apply-change');
  return { ...actual, applyChange: jest.fn(actual.applyChange) };
});
const applyChange = service.applyChange as jest.MockedFunction<typeof service.applyChange>;

/**
 * A change from Slack and the same change from a webhook, on the local stack (the real handlers,
 * the demo Airflow 2, dynalite): both go through `applyChange` and leave the same audit record.
 */
describe('one change path for Slack and webhooks', () => {
  let stack: LocalStack;
  let directory: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ stack, directory, close } = await startTestStack());
  });
  afterAll(() => close());
  beforeEach(() => applyChange.mockClear());

  async function post(route: 'actions' | 'alerts', source: string, secret: string, payload: unknown, id: string) {
    const body = JSON.stringify(payload);
    const timestamp = Math.floor(Date.now() / 1000);
    const url = route === 'actions' ? `${stack.actionsUrl}/${source}` : `${stack.alertsUrl.replace(/\/[^/]*$/, '')}/${source}`;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureFor(secret, id, timestamp, body),
      },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const latestRun = () =>
    stack.airflowV1!.store.runs().filter((run) => run.dagId === 'etl_daily').sort((a, b) => b.runAfter - a.runAfter)[0]!.runId;

  async function trailOf(taskId: string): Promise<Record<string, unknown>[]> {
    const target = { deployment: 'demo-v1', dagId: 'etl_daily', runId: latestRun(), taskId, mapIndex: -1 };
    const output = await DynamoDBDocumentClient.from(stack.dynamoDb.client).send(
      new QueryCommand({
        TableName: BOT_TABLES.audit.name,
        KeyConditionExpression: 'subject = :subject',
        ExpressionAttributeValues: { ':subject': auditSubject('demo-v1', target) },
        ConsistentRead: true,
      }),
    );
    return output.Items ?? [];
  }

  async function cli(commandLine: string, ...buttons: string[]): Promise<string> {
    const printed: string[] = [];
    const deps = cliDepsFor(stack, directory, printed);
    const settings = { waitSeconds: 10, json: false };
    expect(await runCli(deps, { kind: 'command', commandLine, ...settings })).toBe(0);
    for (const button of buttons) expect(await runCli(deps, { kind: 'click', button, ...settings })).toBe(0);
    return printed.join('\n');
  }

  it('applies a mark from Slack and the same mark from a webhook through applyChange, leaving the same audit record', async () => {
    await cli('/airflow ti demo-v1 etl_daily latest transform', 'Mark success', 'Confirm');
    const mark = { action: 'mark', deployment: 'demo-v1', dag_id: 'etl_daily', run: 'latest', task_id: 'transform', state: 'success', confirm: true };
    expect((await post('actions', 'demo', LOCAL_WEBHOOK_SECRET, mark, 'msg_one_path_mark')).status).toBe(200);

    expect(applyChange.mock.calls.map(([, request]) => [request.actor.kind, request.change])).toEqual([
      ['slack', { kind: 'mark', state: 'success', upstream: false, downstream: false }],
      ['source', { kind: 'mark', state: 'success', upstream: false, downstream: false }],
    ]);
    const applied = (await trailOf('transform')).filter((record) => record.outcome === 'applied' && record.action === 'mark_success');
    const shape = (record: Record<string, unknown>) => ({
      keys: Object.keys(record).filter((key) => !['userName', 'teamId', 'channelId', 'previewId'].includes(key)).sort(),
      action: record.action,
      outcome: record.outcome,
      target: record.target,
    });
    expect(applied.map((record) => record.userId)).toEqual(expect.arrayContaining(['ULOCAL0001', 'source:demo']));
    const [fromSlack, fromWebhook] = ['ULOCAL0001', 'source:demo'].map((who) => applied.find((record) => record.userId === who)!);
    expect(shape(fromWebhook!)).toEqual(shape(fromSlack!));
  });

  it.each([
    ['mark', { state: 'failed' }, 'mark_failed'],
    ['clear', { downstream: false }, 'clear'],
    ['note', { note: 'row count checked' }, 'note'],
  ])('shows a confirmed webhook %s in /airflow audit with source:demo as the actor', async (action, fields, recorded) => {
    const payload = { action, deployment: 'demo-v1', dag_id: 'etl_daily', run: 'latest', task_id: 'load', confirm: true, ...fields };
    expect((await post('actions', 'demo', LOCAL_WEBHOOK_SECRET, payload, `msg_audit_${action}`)).status).toBe(200);
    const output = await cli('/airflow audit demo-v1 etl_daily latest load');
    expect(output).toMatch(new RegExp(`:white_check_mark: .* source:demo \\*${recorded}\\* applied`));
    expect(output).not.toContain('Nothing recorded');
  });

  it('updates the run’s alert after a webhook clear, naming the source', async () => {
    const store = stack.airflowV1!.store;
    const failed = store.taskInstances().find((ti) => ti.state === 'failed' && ti.mapIndex === -1);
    if (failed === undefined) throw new Error('the demo has no failed task instance');
    const event = { version: 1, event: 'task_instance.failed', deployment: 'demo-v1', dag_id: failed.dagId, run_id: failed.runId, task_id: failed.taskId };
    expect((await post('alerts', LOCAL_ALERT_SOURCE, LOCAL_ALERT_SECRET, event, 'msg_alert_1')).status).toBe(202);
    const alertOf = () => stack.standIn.messages.find((m) => m.origin === 'chat.postMessage' && m.threadTs === undefined && m.text.includes(failed.dagId));
    for (let i = 0; i < 200 && alertOf() === undefined; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alertOf()).toBeDefined();

    const clear = { action: 'clear', deployment: 'demo-v1', dag_id: failed.dagId, run: failed.runId, task_id: failed.taskId, confirm: true };
    expect((await post('actions', 'demo', LOCAL_WEBHOOK_SECRET, clear, 'msg_alert_clear')).status).toBe(200);
    const named = () => JSON.stringify(alertOf()?.blocks).includes('cleared by source:demo');
    for (let i = 0; i < 200 && !named(); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(named()).toBe(true);
  });
});
