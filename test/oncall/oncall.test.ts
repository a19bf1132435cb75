import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { WebClient } from '@slack/web-api';
import { createDynamoDbAlertLog } from '../../src/alert-log/alert-log';
import { alertItemKey } from '../../src/alerts/alert-store';
import { processAlert } from '../../src/alerts/process-alert';
import type { OncallDeps, OncallSlack } from '../../src/oncall/oncall-deps';
import { oncallTick } from '../../src/oncall/oncall-tick';
import { parseDeployments } from '../../src/config/parse-deployments';
import { dueDigests } from '../../src/oncall/digests';
import { slackWebClientOptions } from '../../src/slack-replies/web-client';
import { createDynamoDbSnoozeStore } from '../../src/snoozes/snooze-store-dynamodb';
import { LOCAL_BOT_TOKEN, LOCAL_CHANNEL } from '../../local/local-settings';
import { ALERT_TABLE, alertMessages, failedTasks, RUN_ID, startAlertHarness, T0, taskJob, threadLines, type AlertHarness } from '../alerts/alert-harness';

const MINUTE = 60_000;

/** The on-call loop over the harness's alert table and Slack stand-in, at `now()`. */
function oncallDeps(harness: AlertHarness, now: () => number, slack?: OncallSlack): OncallDeps {
  const web = new WebClient(LOCAL_BOT_TOKEN, slackWebClientOptions(harness.slack.apiUrl));
  let owner = 0;
  return {
    registry: harness.deps.registry,
    log: createDynamoDbAlertLog({ client: harness.dynamo.documents, tableName: ALERT_TABLE, clock: now }),
    snoozes: createDynamoDbSnoozeStore({ client: harness.dynamo.documents, tableName: ALERT_TABLE, clock: now }),
    slack: slack ?? {
      async post({ channel, text, blocks, threadTs }) {
        await web.chat.postMessage({ channel, text, ...(blocks === undefined ? {} : { blocks }), ...(threadTs === undefined ? {} : { thread_ts: threadTs }) });
      },
    },
    clock: now,
    logger: harness.deps.logger,
    newOwner: () => `oncall-${++owner}`,
  };
}

/** One alert of `etl_daily` posted at T0. */
async function postedAlert(route: { remindAfter?: string; digest?: string }): Promise<{ harness: AlertHarness; ts: string }> {
  const [ti] = failedTasks(1, 1);
  const harness = await startAlertHarness([ti!], { route });
  await processAlert(taskJob(ti!, 'task_instance.failed', 'msg_1'), harness.deps);
  return { harness, ts: alertMessages(harness.slack)[0]!.ts };
}

const ALERT_PK = alertItemKey({ deployment: 'prod', dagId: 'etl_daily', runId: RUN_ID });

describe('reminders', () => {
  let harness: AlertHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('replies once in the thread, mentioning the group, after remindAfter; never again whatever the ticks', async () => {
    const posted = await postedAlert({ remindAfter: '30m' });
    harness = posted.harness;

    await oncallTick(oncallDeps(harness, () => T0 + 29 * MINUTE));
    expect(threadLines(harness.slack, posted.ts)).toEqual([]);

    // Two overlapping ticks, then later ones.
    const at31 = oncallDeps(harness, () => T0 + 31 * MINUTE);
    await Promise.all([oncallTick(at31), oncallTick(at31), oncallTick(oncallDeps(harness, () => T0 + 31 * MINUTE))]);
    await oncallTick(oncallDeps(harness, () => T0 + 45 * MINUTE));

    expect(threadLines(harness.slack, posted.ts)).toEqual(['<!subteam^S0ONCALL01> Still failing after 31m 00s, and nobody has acknowledged it.']);
  });

  it('sends none for an alert someone acknowledged', async () => {
    const posted = await postedAlert({ remindAfter: '30m' });
    harness = posted.harness;
    // What the Acknowledge button stores (branch `ack`): the document's acknowledgements.
    const item = await harness.dynamo.documents.send(new GetCommand({ TableName: ALERT_TABLE, Key: { pk: ALERT_PK } }));
    const doc = { ...JSON.parse(String(item.Item!.doc)), acknowledgements: [{ userId: 'U0ONCALL1', at: T0 + MINUTE }] };
    await harness.dynamo.documents.send(
      new UpdateCommand({ TableName: ALERT_TABLE, Key: { pk: ALERT_PK }, UpdateExpression: 'SET doc = :doc', ExpressionAttributeValues: { ':doc': JSON.stringify(doc) } }),
    );

    await oncallTick(oncallDeps(harness, () => T0 + 31 * MINUTE));

    expect(threadLines(harness.slack, posted.ts)).toEqual([]);
  });

  it('sends none for a resolved alert, nor for a route without remindAfter', async () => {
    const [ti] = failedTasks(1, 1);
    harness = await startAlertHarness([ti!], { route: { remindAfter: '30m' } });
    await processAlert(taskJob(ti!, 'task_instance.failed', 'msg_1'), harness.deps);
    const stored = harness.airflow.stored(ti!);
    stored.state = 'success';
    stored.tryNumber = 2;
    await processAlert(taskJob(ti!, 'task_instance.success', 'msg_2'), harness.deps);
    const ts = alertMessages(harness.slack)[0]!.ts;
    const before = threadLines(harness.slack, ts);

    await oncallTick(oncallDeps(harness, () => T0 + 31 * MINUTE));
    expect(threadLines(harness.slack, ts)).toEqual(before);

    const other = await postedAlert({});
    await oncallTick(oncallDeps(other.harness, () => T0 + 24 * 60 * MINUTE));
    expect(threadLines(other.harness.slack, other.ts)).toEqual([]);
    await other.harness.close();
  });

  it('tries again on the next tick when Slack refused the reminder, and still sends only one', async () => {
    const posted = await postedAlert({ remindAfter: '30m' });
    harness = posted.harness;
    const failing: OncallSlack = {
      post: () => Promise.reject(new Error('slack is down')),
    };

    const first = await oncallTick(oncallDeps(harness, () => T0 + 31 * MINUTE, failing));
    expect(first.reminders).toEqual([{ pk: ALERT_PK, outcome: 'failed', reason: expect.any(String) }]);
    await oncallTick(oncallDeps(harness, () => T0 + 32 * MINUTE));
    await oncallTick(oncallDeps(harness, () => T0 + 33 * MINUTE));

    expect(threadLines(harness.slack, posted.ts)).toHaveLength(1);
  });
});

describe('daily digests', () => {
  let harness: AlertHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('posts the channel digest at its local time, once, even when ticks overlap', async () => {
    // T0 is 09:00 UTC, 10:00 in Berlin.
    const posted = await postedAlert({ digest: '10:30 Europe/Berlin' });
    harness = posted.harness;
    const digests = () => alertMessages(harness!.slack).filter((message) => message.text.startsWith('Airflow digest'));

    await oncallTick(oncallDeps(harness, () => T0 + 29 * MINUTE));
    expect(digests()).toEqual([]);

    const at30 = () => T0 + 30 * MINUTE;
    const outcomes = await Promise.all([oncallTick(oncallDeps(harness, at30)), oncallTick(oncallDeps(harness, at30))]);
    await oncallTick(oncallDeps(harness, () => T0 + 90 * MINUTE));

    expect(outcomes.flatMap((outcome) => (Array.isArray(outcome.digests) ? outcome.digests.map((digest) => digest.outcome) : [])).sort()).toEqual([
      'posted',
      'skipped',
    ]);
    expect(digests()).toHaveLength(1);
    expect(digests()[0]!.channel).toBe(LOCAL_CHANNEL.id);
    expect(digests()[0]!.text).toBe(
      'Airflow digest: 1 run failed · 0 recovered · 1 still open · 0 acknowledged · 0 failures snoozed',
    );
    expect(JSON.stringify(digests()[0]!.blocks)).toContain('`etl_daily`');
  });

  it('lists the DAGs snoozed in the channel with the runs held back', async () => {
    const posted = await postedAlert({ digest: '10:30 Europe/Berlin' });
    harness = posted.harness;
    const snoozes = createDynamoDbSnoozeStore({ client: harness.dynamo.documents, tableName: ALERT_TABLE, clock: () => T0 });
    await snoozes.put({ deployment: 'prod', dagId: 'etl_hourly', until: T0 + 20 * MINUTE, at: T0, by: 'U1' });
    await snoozes.hold('prod', 'etl_hourly', 'run_a');
    await snoozes.hold('prod', 'etl_hourly', 'run_b');

    await oncallTick(oncallDeps(harness, () => T0 + 30 * MINUTE));

    const digest = alertMessages(harness.slack).find((message) => message.text.startsWith('Airflow digest'));
    expect(digest?.text).toContain('0 acknowledged · 2 failures snoozed');
    expect(JSON.stringify(digest?.blocks)).toContain('*Snoozed*\\n• *Production* · `etl_hourly` ended 2026-11-23 09:20:00 UTC, 2 runs held back');
  });
});

describe('dueDigests', () => {
  const registry = parseDeployments(
    [
      {
        name: 'prod',
        apiUrl: 'https://airflow.example.com',
        auth: 'basic',
        secretId: 'airflow/prod',
        alertRoutes: [
          { dags: 'a_*', channel: 'C0DIGEST1', digest: '09:00 America/New_York' },
          { dags: 'b_*', channel: 'C0DIGEST1', digest: '09:00 America/New_York' },
        ],
      },
    ],
    'test registry',
  );

  it('is due from its local time for six hours, once per channel and schedule, across daylight saving', () => {
    const summer = Date.parse('2026-07-01T13:00:00Z'); // 09:00 in New York (UTC-4)
    const winter = Date.parse('2026-12-01T14:00:00Z'); // 09:00 in New York (UTC-5)

    expect(dueDigests(registry, summer)).toEqual([expect.objectContaining({ channel: 'C0DIGEST1', localDate: '2026-07-01' })]);
    expect(dueDigests(registry, summer - MINUTE)).toEqual([]);
    expect(dueDigests(registry, winter)).toHaveLength(1);
    expect(dueDigests(registry, winter - 60 * MINUTE)).toEqual([]);
    expect(dueDigests(registry, winter + 6 * 60 * MINUTE)).toEqual([]);
  });
});
