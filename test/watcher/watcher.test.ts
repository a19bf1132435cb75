import { createLambdaContext } from '../../local/lambda-context';
import { FANOUT_RUN, ML_LATEST } from '../local/demo-airflow/fixtures';
import { CHANNELS, alertsIn, listCalls, noticesIn, startWatcherHarness, type WatcherHarness } from './watcher-harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const setStateDefaults = { includeUpstream: false, includeDownstream: false, includeFuture: false, includePast: false, dryRun: false };

/** Alert headlines of a channel, sorted, one per run. */
function headlines(h: WatcherHarness, channel: string): string[] {
  return alertsIn(h.slack, channel)
    .map((message) => message.text)
    .sort();
}

const SEEDED_FAILING_RUNS = (display: string) => [
  `etl_daily is failing in ${display}: 2 task instances`,
  `fanout_big is failing in ${display}: 3 task instances`,
  // Its last two runs, each alerted.
  `flaky_hourly is failing in ${display}: 2 task instances`,
  `flaky_hourly is failing in ${display}: 2 task instances`,
  `ml_training is failing in ${display}: 3 task instances`,
];

let h: WatcherHarness;

afterEach(async () => {
  await h.close();
});

describe('watcher, against the demo Airflows behind counting proxies', () => {
  it('posts one alert per failing seeded run on the first tick, with no event sent', async () => {
    h = await startWatcherHarness();

    const outcomes = await h.tick();
    await h.drain();

    expect(outcomes.map((outcome) => outcome.deployment)).toEqual(['demo-v1', 'demo-v2']);
    expect(outcomes.every((outcome) => outcome.outcome === 'watched')).toBe(true);
    expect(headlines(h, CHANNELS['demo-v1'])).toEqual(SEEDED_FAILING_RUNS('demo-v1'));
    expect(headlines(h, CHANNELS['demo-v2'])).toEqual(SEEDED_FAILING_RUNS('demo-v2'));
    // The failed runs are reported too (their thread says so); the running one is not.
    const etl = alertsIn(h.slack, CHANNELS['demo-v2']).find((message) => message.text.startsWith('etl_daily'));
    expect(h.slack.messages.filter((message) => message.threadTs === etl?.ts).map((message) => message.text).join('\n')).toContain(
      'The run failed.',
    );
    // One list of task instances, one of the runs those failures belong to.
    expect(listCalls(h.proxies['demo-v1'])).toEqual(['taskInstances', 'dagRuns']);
    expect(listCalls(h.proxies['demo-v2'])).toEqual(['taskInstances', 'dagRuns']);
    // Each failure handed on is an accepted event of its deployment.
    const accepted = h.metricCalls.filter((call) => call.method === 'eventAccepted').map((call) => call.args[0]);
    for (const outcome of outcomes) {
      const handedOn = outcome.outcome === 'watched' ? outcome.reported + outcome.runs : 0;
      expect({ deployment: outcome.deployment, accepted: accepted.filter((name) => name === outcome.deployment).length }).toEqual({
        deployment: outcome.deployment,
        accepted: handedOn,
      });
    }
  });

  it('makes N list requests per deployment in N ticks with nothing new, and posts nothing more', async () => {
    h = await startWatcherHarness();
    await h.tick();
    await h.drain();
    const messagesBefore = h.slack.messages.length;
    const before = { 'demo-v1': h.proxies['demo-v1'].requests.length, 'demo-v2': h.proxies['demo-v2'].requests.length };

    for (let tick = 0; tick < 5; tick += 1) {
      h.advance(MINUTE);
      await h.tick();
    }
    await h.drain();

    for (const name of ['demo-v1', 'demo-v2'] as const) {
      const asked = h.proxies[name].requests.slice(before[name]);
      expect(asked.map((request) => `${request.method} ${request.path}`)).toEqual(
        Array.from({ length: 5 }, () => `POST /api/${name === 'demo-v1' ? 'v1' : 'v2'}/dags/~/dagRuns/~/taskInstances/list`),
      );
      // Each tick asks from the previous tick less the overlap: the watermark advances.
      expect(asked.map((request) => (request.body as { end_date_gte: string }).end_date_gte)).toEqual(
        [0, 1, 2, 3, 4].map((minutes) => new Date(h.now() - (5 - minutes) * MINUTE - 2 * MINUTE).toISOString()),
      );
    }
    expect(h.slack.messages).toHaveLength(messagesBefore);
  });

  it('posts each failing run once when two ticks overlap: the second finds each deployment taken', async () => {
    h = await startWatcherHarness();

    const [first, second] = await Promise.all([h.tick(), h.tick()]);
    await h.drain();

    const outcomes = [...first!, ...second!].map((outcome) => `${outcome.deployment} ${outcome.outcome}`).sort();
    expect(outcomes).toEqual(['demo-v1 busy', 'demo-v1 watched', 'demo-v2 busy', 'demo-v2 watched']);
    expect(headlines(h, CHANNELS['demo-v1'])).toEqual(SEEDED_FAILING_RUNS('demo-v1'));
    expect(headlines(h, CHANNELS['demo-v2'])).toEqual(SEEDED_FAILING_RUNS('demo-v2'));
    expect(listCalls(h.proxies['demo-v2']).filter((call) => call === 'taskInstances')).toHaveLength(1);

    // Overlapping again, a minute later: nothing new, nothing posted.
    const posted = h.slack.events.filter((event) => event.method === 'chat.postMessage').length;
    h.advance(MINUTE);
    await Promise.all([h.tick(), h.tick()]);
    await h.drain();
    expect(h.slack.events.filter((event) => event.method === 'chat.postMessage')).toHaveLength(posted);
  });

  it('posts one notice while a deployment cannot be reached, edits it when it answers, and then alerts what failed meanwhile', async () => {
    h = await startWatcherHarness();
    await h.tick();
    await h.drain();
    const wentDown = h.now() + MINUTE;

    h.proxies['demo-v2'].setDown(true);
    for (let tick = 0; tick < 4; tick += 1) {
      h.advance(MINUTE);
      const outcomes = await h.tick();
      expect(outcomes.find((outcome) => outcome.deployment === 'demo-v2')?.outcome).toBe('unreachable');
    }
    // One failed list request per tick, counted against the deployment.
    expect(h.metricCalls.filter((call) => call.method === 'airflowError')).toEqual(
      Array.from({ length: 4 }, () => ({ method: 'airflowError', args: ['demo-v2'] })),
    );
    // A failure during the outage.
    h.demos['demo-v2'].store.setState({ dagId: 'ml_training', runId: ML_LATEST, taskId: 'evaluate', mapIndex: -1, newState: 'failed', ...setStateDefaults });

    const notices = noticesIn(h.slack, CHANNELS['demo-v2']);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).toMatch(/^:warning: Cannot reach \*demo-v2\* \(`demo-v2`\) since <!date\^\d+\^/);
    expect(notices[0]?.text).toContain(`|${new Date(wentDown).toISOString().slice(0, 19).replace('T', ' ')} UTC>`);
    expect(noticesIn(h.slack, CHANNELS['demo-v1'])).toEqual([]);

    h.proxies['demo-v2'].setDown(false);
    h.advance(MINUTE);
    await h.tick();
    await h.drain();

    const [notice] = noticesIn(h.slack, CHANNELS['demo-v2']);
    expect(noticesIn(h.slack, CHANNELS['demo-v2'])).toHaveLength(1);
    expect(notice?.ts).toBe(notices[0]?.ts);
    expect(notice?.text).toMatch(/^:white_check_mark: \*demo-v2\* \(`demo-v2`\) answers again\. It could not be reached from .* \(4m 00s\)\.$/);
    const ml = alertsIn(h.slack, CHANNELS['demo-v2']).find((message) => message.text.startsWith('ml_training'));
    expect(h.slack.messages.filter((message) => message.threadTs === ml?.ts).map((message) => message.text).join('\n')).toContain('`evaluate` failed');

    // A second outage is a second notice.
    h.proxies['demo-v2'].setDown(true);
    h.advance(MINUTE);
    await h.tick();
    expect(noticesIn(h.slack, CHANNELS['demo-v2'])).toHaveLength(2);
  });

  it('posts nothing older than the first-tick window on a first tick, and what fails after it', async () => {
    h = await startWatcherHarness();
    h.advance(2 * HOUR); // the seeded failures are now over two hours old

    await h.tick();
    await h.drain();

    expect(alertsIn(h.slack, CHANNELS['demo-v1'])).toEqual([]);
    expect(alertsIn(h.slack, CHANNELS['demo-v2'])).toEqual([]);
    expect(h.proxies['demo-v2'].listRequests().map((request) => request.body)).toEqual([
      {
        state: ['failed', 'up_for_retry'],
        end_date_gte: new Date(h.now() - HOUR).toISOString(),
        order_by: 'end_date',
        page_limit: 100,
        page_offset: 0,
      },
    ]);

    h.advance(MINUTE);
    // A task that never ran, marked failed now: its end date is now (one that ran keeps its own).
    h.demos['demo-v1'].store.setState({ dagId: 'ml_training', runId: ML_LATEST, taskId: 'evaluate', mapIndex: -1, newState: 'failed', ...setStateDefaults });
    h.advance(MINUTE);
    await h.tick();
    await h.drain();

    expect(headlines(h, CHANNELS['demo-v1'])).toEqual(['ml_training is failing in demo-v1: 1 task instance']);
    expect(alertsIn(h.slack, CHANNELS['demo-v2'])).toEqual([]);
  });

  it('shows a failure reported by an event and found by the watcher as one alert', async () => {
    h = await startWatcherHarness();
    // The notifier's event, as the alerts endpoint hands it on once its signature checks out.
    const event = { version: 1 as const, event: 'task_instance.failed' as const, deployment: 'demo-v2', dag_id: 'fanout_big', run_id: FANOUT_RUN };
    const failedTask = h.demos['demo-v2'].store.taskInstances().find((ti) => ti.dagId === 'fanout_big' && ti.state === 'failed');
    await h.acceptor.accept({
      kind: 'alert',
      source: 'airflow-notifier',
      webhookId: 'msg_notifier_1',
      event: { ...event, task_id: failedTask!.taskId, map_index: -1 },
    }, createLambdaContext());
    await h.drain();
    const [alert] = alertsIn(h.slack, CHANNELS['demo-v2']);
    expect(alert?.text).toBe('fanout_big is failing in demo-v2: 1 task instance');
    const linesBefore = h.slack.messages.filter((message) => message.threadTs === alert?.ts).map((message) => message.text);

    await h.tick();
    await h.drain();

    const fanout = alertsIn(h.slack, CHANNELS['demo-v2']).filter((message) => message.text.startsWith('fanout_big'));
    expect(fanout.map((message) => message.ts)).toEqual([alert?.ts]);
    expect(fanout[0]?.text).toBe('fanout_big is failing in demo-v2: 3 task instances');
    // The task the event reported is not announced a second time.
    const lines = h.slack.messages.filter((message) => message.threadTs === alert?.ts).map((message) => message.text);
    const aboutTask = (all: string[]) => all.filter((line) => line.includes(`\`${failedTask!.taskId}\``));
    expect(aboutTask(lines)).toEqual(aboutTask(linesBefore));
  });

  it('never asks an Airflow 2 deployment without watch: true', async () => {
    h = await startWatcherHarness();

    const outcomes = await h.tick();

    expect(outcomes.map((outcome) => outcome.deployment)).not.toContain('quiet');
    expect(h.logLines.filter((line) => line.deployment === 'quiet')).toEqual([]);
  });
});
