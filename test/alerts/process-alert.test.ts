import { alertChangeListener, processAlert } from '../../src/alerts/process-alert';
import type { Actor, AppliedChange } from '../../src/changes/change';
import type { TaskInstanceRef } from '../../src/airflow/model';

/** A clear applied by the change service, as its listeners hear of it. */
function cleared(ti: TaskInstanceRef, actor: Actor = { kind: 'slack', userId: 'ULOCAL0001' }): AppliedChange {
  const ref = { dagId: ti.dagId, runId: ti.runId, taskId: ti.taskId, mapIndex: ti.mapIndex };
  return { actor, deployment: 'prod', target: ref, change: { kind: 'clear', downstream: false }, verb: 'Cleared', changed: [ref] };
}
import { LOCAL_CHANNEL } from '../../local/local-settings';
import {
  alertMessages,
  blockText,
  failedTasks,
  newMessages,
  RUN_ID,
  startAlertHarness,
  T0,
  taskJob,
  threadLines,
  type AlertHarness,
} from './alert-harness';

const MINUTE = 60_000;

describe('processAlert', () => {
  let harness: AlertHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('posts one message for 20 concurrent failures of one run, listing all 20', async () => {
    const tis = failedTasks(1, 20);
    harness = await startAlertHarness(tis);
    const { deps, slack } = harness;

    await Promise.all(tis.map((ti, i) => processAlert(taskJob(ti, 'task_instance.failed', `msg_${i}`), deps)));

    expect(newMessages(slack)).toHaveLength(1);
    const [alert] = alertMessages(slack);
    expect(alert?.channel).toBe(LOCAL_CHANNEL.id);
    for (const ti of tis) expect(blockText(alert!)).toContain(`\`${ti.taskId}\``);
    expect(blockText(alert!)).toContain('*Task instances* (20)');
    expect(blockText(alert!)).toContain('20 failing');
  });

  it('posts 20 messages for 200 events over 20 runs, each listing its own 10 task instances', async () => {
    const tis = failedTasks(20, 10);
    // 20 new alerts into one channel at once is over Slack's one message a second per channel (after a
    // burst of 10): they would all arrive, ten seconds later (slack-rate-limit.test.ts shows it). This
    // test is about coalescing 200 events into 20 messages, so it lifts Slack's rate limits.
    harness = await startAlertHarness(tis, { slackRateLimits: 'off' });
    const { deps, slack } = harness;

    await Promise.all(tis.map((ti, i) => processAlert(taskJob(ti, 'task_instance.failed', `msg_${i}`), deps)));

    expect(newMessages(slack)).toHaveLength(20);
    const alerts = alertMessages(slack);
    const runsShown = alerts.map((message) => /run <[^|]*\|([^>]+)>/.exec(blockText(message))?.[1]).sort();
    expect(new Set(runsShown).size).toBe(20);
    for (const message of alerts) expect(blockText(message)).toContain('*Task instances* (10)');
  }, 120_000);

  it('drops an event that changes nothing: the same failure again posts and edits nothing', async () => {
    const [ti] = failedTasks(1, 1);
    harness = await startAlertHarness([ti!]);
    const { deps, slack } = harness;
    await processAlert(taskJob(ti!, 'task_instance.failed', 'msg_1'), deps);
    const seen = slack.events.length;

    await processAlert(taskJob(ti!, 'task_instance.failed', 'msg_2'), deps);

    expect(slack.events.length).toBe(seen);
    expect(harness.logLines.some((line) => line.msg === 'alert event changes nothing; dropped')).toBe(true);
  });

  it('posts nothing for a success of a run that never failed', async () => {
    const [ti] = failedTasks(1, 1, { state: 'success' });
    harness = await startAlertHarness([ti!]);

    await processAlert(taskJob(ti!, 'task_instance.success', 'msg_1'), harness.deps);

    expect(harness.slack.events).toEqual([]);
  });

  it('shows the task instance as Airflow has it, not as the event says', async () => {
    const [ti] = failedTasks(1, 1, { state: 'up_for_retry', tryNumber: 1, maxTries: 3 });
    harness = await startAlertHarness([ti!]);

    await processAlert(taskJob(ti!, 'task_instance.failed', 'msg_1'), harness.deps);

    const [alert] = alertMessages(harness.slack);
    expect(blockText(alert!)).toContain('*up for retry*');
    expect(blockText(alert!)).toContain('1 of 4');
  });

  it('mentions the route user group on the first failure and shows the cause from the log', async () => {
    const [ti] = failedTasks(1, 1);
    harness = await startAlertHarness([ti!]);

    await processAlert(taskJob(ti!, 'task_instance.failed', 'msg_1'), harness.deps);

    const [alert] = alertMessages(harness.slack);
    expect(alert!.text.startsWith('<!subteam^S0ONCALL01> ')).toBe(true);
    expect(blockText(alert!)).toContain('ValueError: boom');
    expect(blockText(alert!)).toContain('*Cause* · try 1');
  });

  it('resolves after failed → up_for_retry → success: one message, resolved, with its thread lines', async () => {
    const [ti] = failedTasks(1, 1, { maxTries: 2 });
    harness = await startAlertHarness([ti!]);
    const { deps, slack, airflow } = harness;
    const stored = airflow.stored(ti!);

    stored.state = 'failed';
    stored.tryNumber = 1;
    await processAlert(taskJob(ti!, 'task_instance.failed', 'msg_1'), deps);
    harness.setNow(T0 + 5 * MINUTE);
    stored.state = 'up_for_retry';
    stored.tryNumber = 2;
    await processAlert(taskJob(ti!, 'task_instance.up_for_retry', 'msg_2'), deps);
    harness.setNow(T0 + 14 * MINUTE);
    stored.state = 'success';
    stored.tryNumber = 3;
    await processAlert(taskJob(ti!, 'task_instance.success', 'msg_3'), deps);

    expect(newMessages(slack)).toHaveLength(1);
    const [alert] = alertMessages(slack);
    expect(blockText(alert!)).toContain('✅ Resolved: etl_daily');
    expect(blockText(alert!)).toContain('fixed by a retry');
    expect(alert!.text).toBe('Resolved: etl_daily in Production');
    const thread = threadLines(slack, alert!.ts).join('\n');
    expect(thread).toContain('`task_00` up for retry (try 2 of 3).');
    expect(thread).toContain('`task_00` recovered: success on try 3, fixed by a retry.');
    expect(thread).toContain('Resolved after 2 retries, 14 min.');
  });

  it('names who cleared a task when it then succeeds', async () => {
    const [ti] = failedTasks(1, 1);
    harness = await startAlertHarness([ti!]);
    const { deps, slack, airflow } = harness;
    await processAlert(taskJob(ti!, 'task_instance.failed', 'msg_1'), deps);

    airflow.stored(ti!).state = null; // cleared: waiting to run again
    await alertChangeListener(deps)(cleared(ti!));
    const afterClear = blockText(alertMessages(slack)[0]!);
    airflow.stored(ti!).state = 'success';
    airflow.stored(ti!).tryNumber = 2;
    await processAlert(taskJob(ti!, 'task_instance.success', 'msg_2'), deps);

    expect(afterClear).toContain('cleared by <@ULOCAL0001>');
    const [alert] = alertMessages(slack);
    expect(blockText(alert!)).toContain('fixed by <@ULOCAL0001> (cleared)');
    expect(blockText(alert!)).toContain('✅ Resolved');
    expect(threadLines(slack, alert!.ts).join('\n')).toContain('Cleared `task_00` by <@ULOCAL0001>.');
  });

  it('names the webhook source that cleared a task, on its line and in the thread', async () => {
    const [ti] = failedTasks(1, 1);
    harness = await startAlertHarness([ti!]);
    const { deps, slack, airflow } = harness;
    await processAlert(taskJob(ti!, 'task_instance.failed', 'msg_1'), deps);

    airflow.stored(ti!).state = null;
    await alertChangeListener(deps)(cleared(ti!, { kind: 'source', name: 'dq-monitor' }));

    const [alert] = alertMessages(slack);
    expect(blockText(alert!)).toContain('cleared by source:dq-monitor');
    expect(threadLines(slack, alert!.ts).join('\n')).toContain('Cleared `task_00` by source:dq-monitor.');
  });

  it('ignores a note: it changes no state on the alert', async () => {
    const [ti] = failedTasks(1, 1);
    harness = await startAlertHarness([ti!]);
    const { deps, slack } = harness;
    await processAlert(taskJob(ti!, 'task_instance.failed', 'msg_1'), deps);
    const before = slack.events.length;

    await alertChangeListener(deps)({ ...cleared(ti!), change: { kind: 'note', text: 'looking' }, verb: 'Note added' });

    expect(slack.events).toHaveLength(before);
  });

  it("ignores an answer to a human-in-the-loop request: its options are a DAG author's words, never posted here", async () => {
    const [ti] = failedTasks(1, 1);
    harness = await startAlertHarness([ti!]);
    const { deps, slack } = harness;
    await processAlert(taskJob(ti!, 'task_instance.failed', 'msg_1'), deps);
    const before = slack.events.length;
    const option = '<!channel> Approve <@U0ADMIN>';

    await alertChangeListener(deps)({
      ...cleared(ti!),
      change: { kind: 'answer', createdAt: '2026-11-23T09:00:00Z', chosenOptions: [option], paramsInput: {} },
      verb: `Answered ${option}`,
    });

    expect(slack.events).toHaveLength(before);
  });

  it('ignores a change from Slack to a run that has no alert', async () => {
    const [ti] = failedTasks(1, 1);
    harness = await startAlertHarness([ti!]);

    await alertChangeListener(harness.deps)(cleared(ti!));

    expect(harness.slack.events).toEqual([]);
  });

  it('reopens a resolved alert when a task fails again', async () => {
    const [ti] = failedTasks(1, 1);
    harness = await startAlertHarness([ti!]);
    const { deps, slack, airflow } = harness;
    await processAlert(taskJob(ti!, 'task_instance.failed', 'msg_1'), deps);
    Object.assign(airflow.stored(ti!), { state: 'success', tryNumber: 2 });
    await processAlert(taskJob(ti!, 'task_instance.success', 'msg_2'), deps);
    Object.assign(airflow.stored(ti!), { state: 'failed', tryNumber: 3 });

    await processAlert(taskJob(ti!, 'task_instance.failed', 'msg_3'), deps);

    const [alert] = alertMessages(slack);
    expect(blockText(alert!)).toContain('🚨 Failing: etl_daily');
    expect(threadLines(slack, alert!.ts).join('\n')).toContain('Failing again.');
  });

  it('drops an event about a task instance Airflow does not know, and posts nothing', async () => {
    const [ti] = failedTasks(1, 1);
    harness = await startAlertHarness([ti!]);

    await processAlert(taskJob({ ...ti!, taskId: 'no_such_task' }, 'task_instance.failed', 'msg_1'), harness.deps);

    expect(harness.slack.events).toEqual([]);
    expect(harness.logLines.some((line) => line.msg === 'alert about something Airflow does not know dropped')).toBe(true);
  });

  it('alerts a failed run with every failed task instance Airflow lists for it', async () => {
    const tis = failedTasks(1, 3);
    harness = await startAlertHarness(tis);

    await processAlert(
      { kind: 'alert', source: 'airflow-prod', webhookId: 'msg_run', event: { version: 1, event: 'dag_run.failed', deployment: 'prod', dag_id: 'etl_daily', run_id: RUN_ID } },
      harness.deps,
    );

    const [alert] = alertMessages(harness.slack);
    expect(blockText(alert!)).toContain('*Task instances* (3)');
    expect(blockText(alert!)).toContain('run failed');
  });
});
