import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { LOCAL_ALERT_SECRET } from '../../local/alerts/local-alert-settings';
import { LOCAL_SIGNING_SECRET } from '../../local/local-settings';
import { buildBlockActionsBody } from '../../local/slack-cli/block-actions-body';
import { findButton } from '../../local/slack-cli/find-button';
import { sendToBot } from '../../local/slack-cli/send-to-bot';
import type { StandInMessage } from '../../local/slack-stand-in/types';
import { startTestStack, until } from './local-stack-fixture';

const run = promisify(execFile);
const NOTIFIER = path.join(__dirname, '..', '..', 'integrations', 'airflow', 'airflow_slack_ops_notifier.py');

type Stack = Awaited<ReturnType<typeof startTestStack>>;

/** Runs the Python notifier as Airflow would, against the local stack's alert endpoint. */
async function notify(stack: Stack, args: string[]): Promise<void> {
  await run('python3', [NOTIFIER, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      AIRFLOW_SLACK_OPS_URL: stack.stack.alertsUrl,
      AIRFLOW_SLACK_OPS_SECRET: LOCAL_ALERT_SECRET,
      AIRFLOW_SLACK_OPS_DEPLOYMENT: 'demo-v2',
    },
    timeout: 15_000,
  });
}

/** Clicks a button on a message the bot posted, as Slack would send the click. */
async function click(stack: Stack, message: StandInMessage, label: string): Promise<void> {
  const button = findButton(message.blocks, label);
  if (button === undefined) throw new Error(`No "${label}" button on the message`);
  const body = buildBlockActionsBody({
    button,
    message: { ts: message.ts, ephemeral: message.ephemeral, text: message.text, blocks: message.blocks },
    responseUrl: stack.stack.standIn.newResponseUrl({ messageId: message.id }),
    triggerId: 'trigger-1',
    now: Date.now(),
  });
  const reply = await sendToBot({ fetch, url: stack.stack.slackEventsUrl, signingSecret: LOCAL_SIGNING_SECRET, now: Date.now(), body });
  expect(reply.status).toBe(200);
}

describe('alerts through the local stack', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('shows an alert sent by the Python notifier; a Clear from its button then a success resolves it and names who cleared', async () => {
    stack = await startTestStack();
    const store = stack.stack.airflowV2!.store;
    const failed = store.taskInstances().find((ti) => ti.dagId === 'etl_daily' && ti.state === 'failed');
    if (failed === undefined) throw new Error('the demo has no failed etl_daily task');

    await notify(stack, ['task_instance.failed', failed.dagId, failed.runId, failed.taskId]);
    const alertOf = () => stack!.stack.standIn.messages.find((m) => m.origin === 'chat.postMessage' && m.threadTs === undefined);
    const alert = await until('the alert', alertOf);
    expect(alert.text).toContain('etl_daily is failing in Demo Airflow 3');
    expect(JSON.stringify(alert.blocks)).toContain('*Cause*');

    await click(stack, alert, 'Clear (retry)');
    const preview = await until('the preview', () =>
      stack!.stack.standIn.messages.find((m) => m.ephemeral && findButton(m.blocks, 'Confirm') !== undefined),
    );
    await click(stack, preview, 'Confirm');
    await until('the alert to name who cleared', () => (JSON.stringify(alertOf()?.blocks).includes('cleared by <@ULOCAL0001>') ? true : undefined));

    store.setState({
      dagId: failed.dagId,
      runId: failed.runId,
      taskId: failed.taskId,
      mapIndex: undefined,
      newState: 'success',
      includeUpstream: false,
      includeDownstream: false,
      includeFuture: false,
      includePast: false,
      dryRun: false,
    });
    await notify(stack, ['task_instance.success', failed.dagId, failed.runId, failed.taskId]);

    const resolved = await until('the alert to resolve', () => {
      const current = alertOf();
      return current !== undefined && JSON.stringify(current.blocks).includes('✅ Resolved') ? current : undefined;
    });
    expect(JSON.stringify(resolved.blocks)).toContain('fixed by <@ULOCAL0001> (cleared)');
    const threadOf = () => stack!.stack.standIn.messages.filter((m) => m.threadTs === resolved.ts).map((m) => m.text).join('\n');
    // The thread line follows the edit.
    const thread = await until('the resolution line', () => (threadOf().includes('Resolved after') ? threadOf() : undefined));
    expect(thread).toContain('Cleared `transform` by <@ULOCAL0001>.');
    expect(thread).toMatch(/Resolved after (no retries|\d+ retr(y|ies)), \d+ min\./);
    expect(stack.stack.standIn.events.filter((e) => e.method === 'chat.postMessage' && !(e.body as { thread_ts?: string }).thread_ts)).toHaveLength(1);
  }, 60_000);
});
