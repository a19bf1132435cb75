import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_ALERT_SECRET } from '../../local/alerts/local-alert-settings';
import { postSignedEvent } from '../../local/alerts/post-signed-event';
import { BOT_TABLES } from '../../local/local-dynamodb';
import { LOCAL_SIGNING_SECRET, LOCAL_USER } from '../../local/local-settings';
import { buildBlockActionsBody } from '../../local/slack-cli/block-actions-body';
import { findButton } from '../../local/slack-cli/find-button';
import { sendToBot } from '../../local/slack-cli/send-to-bot';
import { identityWith } from '../../local/slack-cli/slack-identity';
import type { StandInMessage } from '../../local/slack-stand-in/types';
import { auditSubject } from '../../src/audit/audit-trail';
import { startTestStack, until } from './local-stack-fixture';

type Stack = Awaited<ReturnType<typeof startTestStack>>;

/**
 * The alert's Acknowledge button through the local stack: a failure posted to the alerts endpoint,
 * signed clicks over HTTP to the real Slack-facing handler, the worker, dynalite and the Slack
 * stand-in.
 */
describe('Acknowledge on an alert', () => {
  let stack: Stack;
  let failures: { dagId: string; runId: string; taskId: string; mapIndex: number }[];
  /** Each test has its own run's alert. */
  let failed: (typeof failures)[number];
  let next = 0;

  beforeAll(async () => {
    stack = await startTestStack();
    const seen = new Set<string>();
    failures = stack.stack
      .airflowV2!.store.taskInstances()
      .filter((ti) => ti.state === 'failed')
      .filter((ti) => !seen.has(`${ti.dagId} ${ti.runId}`) && seen.add(`${ti.dagId} ${ti.runId}`) !== undefined);
  }, 30_000);
  afterAll(() => stack.close());

  beforeEach(async () => {
    const found = failures[next];
    next += 1;
    if (found === undefined) throw new Error('the demo has too few runs with a failed task');
    failed = found;
    const event = {
      event: 'task_instance.failed',
      deployment: 'demo-v2',
      dag_id: failed.dagId,
      run_id: failed.runId,
      task_id: failed.taskId,
      map_index: failed.mapIndex,
    };
    const posted = await postSignedEvent(fetch, stack.stack.alertsUrl, LOCAL_ALERT_SECRET, JSON.stringify(event));
    if (posted.status !== 202) throw new Error(`the alerts endpoint answered ${posted.status}`);
    await until('the alert', alertOf);
  }, 30_000);

  /** The messages posted for this test's run: its alert. */
  function alertsOfRun(): StandInMessage[] {
    return stack.stack.standIn.messages.filter(
      (m) => m.origin === 'chat.postMessage' && m.threadTs === undefined && m.text.includes(`${failed.dagId} is failing`) && JSON.stringify(m.blocks).includes(failed.runId),
    );
  }

  function alertOf(): StandInMessage | undefined {
    return alertsOfRun()[0];
  }

  function acknowledgedLine(): string | undefined {
    const blocks = (alertOf()?.blocks ?? []) as { type: string; elements?: { text?: string }[] }[];
    return blocks.find((block) => block.type === 'context' && block.elements?.[0]?.text?.startsWith('👀 Acknowledged by'))?.elements?.[0]?.text;
  }

  /** The users the alert names as acknowledgers, in the order shown. */
  function acknowledgers(): string[] {
    return [...(acknowledgedLine() ?? '').matchAll(/<@([A-Z0-9]+)> · <!date\^\d+\^\{time\}\|\d\d:\d\d UTC>/g)].map((match) => match[1]!);
  }

  function thread(): string[] {
    const ts = alertOf()!.ts;
    return stack.stack.standIn.messages.filter((m) => m.threadTs === ts).flatMap((m) => m.text.split('\n'));
  }

  /** Clicks Acknowledge on the alert as it now stands, as `userId` would. */
  async function acknowledge(userId: string): Promise<void> {
    const alert = alertOf()!;
    const button = findButton(alert.blocks, 'Acknowledge');
    if (button === undefined) throw new Error('No "Acknowledge" button on the alert');
    const body = buildBlockActionsBody({
      button,
      message: { ts: alert.ts, ephemeral: false, text: alert.text, blocks: alert.blocks },
      responseUrl: stack.stack.standIn.newResponseUrl({ messageId: alert.id }),
      triggerId: 'trigger-1',
      now: Date.now(),
      identity: identityWith({ userId, userName: userId.toLowerCase() }),
    });
    const reply = await sendToBot({ fetch, url: stack.stack.slackEventsUrl, signingSecret: LOCAL_SIGNING_SECRET, now: Date.now(), body });
    expect(reply.status).toBe(200);
  }

  async function auditRecords(): Promise<Record<string, unknown>[]> {
    const output = await DynamoDBDocumentClient.from(stack.stack.dynamoDb.client).send(
      new QueryCommand({
        TableName: BOT_TABLES.audit.name,
        KeyConditionExpression: 'subject = :subject',
        ExpressionAttributeValues: { ':subject': auditSubject('demo-v2', { deployment: 'demo-v2', ...failed }) },
        ConsistentRead: true,
      }),
    );
    return (output.Items ?? []).filter((record) => String(record.action).endsWith('acknowledge'));
  }

  it('edits the alert to name the acknowledger with the time, posts a thread line and records it in the audit trail', async () => {
    await acknowledge(LOCAL_USER.id);

    await until('the alert to name the acknowledger', () => (acknowledgers().length === 1 ? true : undefined));
    expect(acknowledgers()).toEqual([LOCAL_USER.id]);
    await until('the thread line', () => (thread().includes(`👀 Acknowledged by <@${LOCAL_USER.id}>.`) ? true : undefined));
    const records = await auditRecords();
    expect(records.map((record) => [record.userId, record.action, record.outcome])).toEqual(
      expect.arrayContaining([
        [LOCAL_USER.id, 'acknowledge', 'allowed'],
        [LOCAL_USER.id, 'acknowledge', 'applied'],
      ]),
    );
    expect(records).toHaveLength(2);
    // Nothing went to Airflow's note.
    const ti = stack.stack.airflowV2!.store.taskInstances().find((t) => t.dagId === failed.dagId && t.runId === failed.runId && t.taskId === failed.taskId);
    expect(ti?.note ?? null).toBeNull();
  }, 60_000);

  it("keeps the first acknowledger when a second user acknowledges, and a second click takes one's own back", async () => {
    await acknowledge(LOCAL_USER.id);
    await until('the first acknowledgement', () => (acknowledgers().length === 1 ? true : undefined));
    await acknowledge('UACKSECOND');
    await until('the second acknowledgement', () => (acknowledgers().length === 2 ? true : undefined));
    expect(acknowledgers()).toEqual([LOCAL_USER.id, 'UACKSECOND']);

    await acknowledge(LOCAL_USER.id);
    await until('the first to be taken back', () => (acknowledgers().length === 1 ? true : undefined));
    expect(acknowledgers()).toEqual(['UACKSECOND']);
    await until('the take-back line', () => (thread().includes(`<@${LOCAL_USER.id}> took back their acknowledgement.`) ? true : undefined));
    const actions = (await auditRecords()).filter((record) => record.outcome === 'applied').map((record) => [record.userId, record.action]);
    expect(actions).toEqual(
      expect.arrayContaining([
        [LOCAL_USER.id, 'acknowledge'],
        ['UACKSECOND', 'acknowledge'],
        [LOCAL_USER.id, 'unacknowledge'],
      ]),
    );
    expect(actions).toHaveLength(3);
  }, 60_000);

  it('lists all ten acknowledgers, each once, after ten concurrent clicks by different users', async () => {
    const users = Array.from({ length: 10 }, (_, i) => `UACKCONC${i}`);
    await Promise.all(users.map((user) => acknowledge(user)));

    const shown = await until('all ten acknowledgements', () => (acknowledgers().length === 10 ? acknowledgers() : undefined), 30_000);
    expect([...shown].sort()).toEqual(users);
    await until('ten thread lines', () => (thread().filter((line) => line.startsWith('👀 Acknowledged by')).length === 10 ? true : undefined), 30_000);
    expect(thread().filter((line) => line.startsWith('👀 Acknowledged by')).sort()).toEqual(users.map((user) => `👀 Acknowledged by <@${user}>.`));
    expect((await auditRecords()).filter((record) => record.outcome === 'applied')).toHaveLength(10);
    // Still one message for the run, edited in place.
    expect(alertsOfRun()).toHaveLength(1);
  }, 90_000);
});
