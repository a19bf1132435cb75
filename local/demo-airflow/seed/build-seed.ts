/**
 * The demo's runs and task instances, built deterministically from one instant ("now") so that
 * every date is in the recent past whatever the clock says. Covers every state the bot shows:
 * success, failed, running, queued, up_for_retry, upstream_failed, skipped, and no status; and, in
 * an Airflow 3 demo, human-in-the-loop requests (deferred task instances waiting for an answer).
 */
import { DAY_MS, floorTo, HOUR_MS, MINUTE_MS, runIdFor } from '../dates';
import type {
  DemoDag,
  DemoHitlDetail,
  DemoHitlUser,
  DemoRun,
  DemoRunState,
  DemoState,
  DemoTaskInstance,
  DemoTaskState,
  DemoTry,
} from '../types';
import { demoDags, FANOUT_TASK_COUNT, fanoutTaskId, humanInTheLoopDags } from './dags';

/** One try, in minutes after the run started; `start` absent while it waits in a queue. */
interface TrySpec {
  state: DemoTaskState;
  start?: number;
  end?: number;
}

interface TiSpec {
  taskId: string;
  mapIndex?: number;
  renderedMapIndex?: string;
  /** Every try, oldest first; the last one is the task instance itself. */
  tries?: TrySpec[];
  /** For states the scheduler sets without running anything (skipped, upstream_failed). */
  setWithoutRun?: { state: DemoTaskState; at: number };
  /** The question a human-in-the-loop operator asked in this task instance's current try. */
  hitl?: HitlSpec;
}

/** What a HITL operator asks: its arguments, as the `hitl_detail` row keeps them. */
type HitlQuestion = Pick<DemoHitlDetail, 'options' | 'subject' | 'body' | 'defaults' | 'multiple' | 'params' | 'assignedUsers'>;

interface HitlSpec {
  question: HitlQuestion;
  /** Minutes after the run started. */
  askedAt: number;
  answer?: { by: DemoHitlUser; at: number; chosenOptions: string[]; paramsInput: Record<string, unknown> };
}

const WORKERS = ['airflow-worker-0.demo.internal', 'airflow-worker-1.demo.internal', 'airflow-worker-2.demo.internal'];

class SeedBuilder {
  readonly runs: DemoRun[] = [];
  readonly taskInstances: DemoTaskInstance[] = [];
  readonly hitlDetails: DemoHitlDetail[] = [];
  private processCounter = 0;

  constructor(
    readonly dags: DemoDag[],
    private readonly now: number,
  ) {}

  /** `startedAt`: when the run started, if not just after `runAfter` (a run that waited for a slot). */
  addRun(
    dagId: string,
    runType: 'scheduled' | 'manual',
    logicalDate: number,
    runAfter: number,
    state: DemoRunState,
    startedAt = runAfter + 5_000,
  ): DemoRun {
    const run: DemoRun = {
      dagId,
      runId: runIdFor(runType, logicalDate),
      sequence: this.runs.length + 1,
      runType,
      state,
      logicalDate,
      runAfter,
      dataIntervalStart: runType === 'scheduled' ? logicalDate : runAfter,
      dataIntervalEnd: runAfter,
      queuedAt: runAfter,
      startDate: startedAt,
      endDate: null,
      note: null,
      triggeringUser: runType === 'manual' ? 'admin' : null,
    };
    this.runs.push(run);
    return run;
  }

  addTaskInstance(run: DemoRun, spec: TiSpec): DemoTaskInstance {
    const dag = this.dags.find((d) => d.dagId === run.dagId);
    const task = dag?.tasks.find((t) => t.taskId === spec.taskId);
    if (!task) throw new Error(`Demo seed: ${run.dagId} has no task ${spec.taskId}`);
    const at = (minutes: number | undefined): number | null =>
      minutes === undefined ? null : (run.startDate ?? run.runAfter) + minutes * MINUTE_MS;
    const tries = spec.tries ?? [];
    const history: DemoTry[] = tries.slice(0, -1).map((t, index) => ({
      tryNumber: index + 1,
      state: t.state,
      startDate: at(t.start),
      endDate: at(t.end),
      hostname: t.start === undefined ? null : this.nextWorker(),
      pid: t.start === undefined ? null : this.nextPid(),
      maxTries: task.retries,
    }));
    const current = tries.at(-1);
    const started = current?.start !== undefined;
    const setWithoutRun = spec.setWithoutRun;
    const ti: DemoTaskInstance = {
      dagId: run.dagId,
      runId: run.runId,
      taskId: spec.taskId,
      mapIndex: spec.mapIndex ?? -1,
      state: setWithoutRun?.state ?? current?.state ?? null,
      tryNumber: tries.length,
      maxTries: task.retries,
      startDate: setWithoutRun ? at(setWithoutRun.at) : at(current?.start),
      endDate: setWithoutRun ? at(setWithoutRun.at) : at(current?.end),
      queuedWhen: current ? at(current.start === undefined ? 1 : current.start - 0.1) : null,
      scheduledWhen: current ? at(current.start === undefined ? 0.9 : current.start - 0.2) : null,
      hostname: started ? this.nextWorker() : null,
      pid: started ? this.nextPid() : null,
      note: null,
      renderedMapIndex: spec.renderedMapIndex ?? null,
      updatedAt: this.now,
      history,
    };
    this.taskInstances.push(ti);
    if (spec.hitl) this.addHitlDetail(ti, spec.hitl, at);
    return ti;
  }

  private addHitlDetail(ti: DemoTaskInstance, spec: HitlSpec, at: (minutes: number | undefined) => number | null): void {
    const { answer } = spec;
    this.hitlDetails.push({
      dagId: ti.dagId,
      runId: ti.runId,
      taskId: ti.taskId,
      mapIndex: ti.mapIndex,
      ...structuredClone(spec.question),
      createdAt: at(spec.askedAt) ?? this.now,
      respondedBy: answer?.by ?? null,
      respondedAt: answer ? at(answer.at) : null,
      chosenOptions: answer?.chosenOptions ?? null,
      paramsInput: answer?.paramsInput ?? {},
    });
  }

  private nextWorker(): string {
    this.processCounter += 1;
    return WORKERS[this.processCounter % WORKERS.length] ?? 'airflow-worker-0.demo.internal';
  }

  private nextPid(): number {
    return 4100 + this.processCounter * 7;
  }
}

const ok = (start: number, end: number): TrySpec[] => [{ state: 'success', start, end }];

function finishRun(run: DemoRun, minutesAfterStart: number): void {
  run.endDate = (run.startDate ?? run.runAfter) + minutesAfterStart * MINUTE_MS;
}

/**
 * The failing runs start this long before "now", so that their failures ended within the last
 * half hour: inside the watcher's first-tick window (an hour), as if they had just happened.
 */
const RECENT_START_MS = 40 * MINUTE_MS;

function seedEtlDaily(seed: SeedBuilder, today: number, now: number): void {
  for (const daysBack of [3, 2, 1]) {
    const logicalDate = today - daysBack * DAY_MS;
    const latest = daysBack === 1;
    const runAfter = logicalDate + DAY_MS;
    // The latest run waited for a slot until recently (its failures are recent); the others ran on time.
    const run = latest
      ? seed.addRun('etl_daily', 'scheduled', logicalDate, runAfter, 'failed', floorTo(now - RECENT_START_MS, MINUTE_MS))
      : seed.addRun('etl_daily', 'scheduled', logicalDate, runAfter, 'success');
    seed.addTaskInstance(run, { taskId: 'extract', tries: ok(1, 5) });
    if (!latest) {
      seed.addTaskInstance(run, { taskId: 'transform', tries: ok(6, 18) });
      seed.addTaskInstance(run, { taskId: 'load', tries: ok(19, 24) });
      seed.addTaskInstance(run, { taskId: 'notify', tries: ok(25, 25.5) });
      finishRun(run, 26);
      continue;
    }
    seed.addTaskInstance(run, {
      taskId: 'transform',
      tries: [
        { state: 'failed', start: 6, end: 9 },
        { state: 'failed', start: 14, end: 17 },
      ],
    });
    seed.addTaskInstance(run, { taskId: 'load', setWithoutRun: { state: 'upstream_failed', at: 17.1 } });
    seed.addTaskInstance(run, { taskId: 'notify', setWithoutRun: { state: 'skipped', at: 17.2 } });
    finishRun(run, 17.5);
  }
}

const LEARNING_RATES = ['lr=0.1', 'lr=0.01', 'lr=0.001', 'lr=0.0001'];

function seedMlTraining(seed: SeedBuilder, now: number): void {
  // Triggered recently enough that its failures fall inside the watcher's first-tick window, and
  // long enough ago that its longest finished training (40 minutes) has ended.
  const latestTrigger = floorTo(now - RECENT_START_MS - 10 * MINUTE_MS, MINUTE_MS);
  const earlier = seed.addRun('ml_training', 'manual', latestTrigger - 2 * DAY_MS, latestTrigger - 2 * DAY_MS, 'success');
  seed.addTaskInstance(earlier, { taskId: 'prepare_features', tries: ok(1, 5) });
  seed.addTaskInstance(earlier, { taskId: 'fetch_data', tries: ok(1, 3) });
  LEARNING_RATES.forEach((label, mapIndex) =>
    seed.addTaskInstance(earlier, { taskId: 'train_model', mapIndex, renderedMapIndex: label, tries: ok(6, 40 + mapIndex) }),
  );
  seed.addTaskInstance(earlier, { taskId: 'evaluate', tries: ok(44, 47) });
  seed.addTaskInstance(earlier, { taskId: 'publish_model', tries: ok(48, 49) });
  finishRun(earlier, 50);

  const run = seed.addRun('ml_training', 'manual', latestTrigger, latestTrigger, 'running');
  seed.addTaskInstance(run, { taskId: 'prepare_features', tries: ok(1, 5) });
  seed.addTaskInstance(run, {
    taskId: 'fetch_data',
    tries: [
      { state: 'failed', start: 1, end: 2 },
      { state: 'failed', start: 7, end: 8 },
      { state: 'up_for_retry', start: 18, end: 19 },
    ],
  });
  const trainingTries: TrySpec[][] = [
    ok(6, 40),
    [{ state: 'running', start: 6 }],
    [
      { state: 'failed', start: 6, end: 11 },
      { state: 'failed', start: 16, end: 21 },
      { state: 'failed', start: 26, end: 31 },
    ],
    [{ state: 'up_for_retry', start: 6, end: 12 }],
  ];
  trainingTries.forEach((tries, mapIndex) =>
    seed.addTaskInstance(run, { taskId: 'train_model', mapIndex, renderedMapIndex: LEARNING_RATES[mapIndex], tries }),
  );
  seed.addTaskInstance(run, { taskId: 'evaluate' });
  seed.addTaskInstance(run, { taskId: 'publish_model' });
}

function seedReportsHourly(seed: SeedBuilder, now: number): void {
  const lastHour = floorTo(now - 30 * MINUTE_MS, HOUR_MS);
  for (const hoursBack of [3, 2, 1]) {
    const logicalDate = lastHour - hoursBack * HOUR_MS;
    const latest = hoursBack === 1;
    const run = seed.addRun('reports_hourly', 'scheduled', logicalDate, logicalDate + HOUR_MS, latest ? 'running' : 'success');
    if (latest) {
      seed.addTaskInstance(run, { taskId: 'query_sales', tries: [{ state: 'running', start: 1 }] });
      seed.addTaskInstance(run, { taskId: 'query_inventory', tries: [{ state: 'queued' }] });
      seed.addTaskInstance(run, { taskId: 'render_report' });
      seed.addTaskInstance(run, { taskId: 'send_email' });
      continue;
    }
    seed.addTaskInstance(run, { taskId: 'query_sales', tries: ok(1, 4) });
    seed.addTaskInstance(run, { taskId: 'query_inventory', tries: ok(1, 3) });
    seed.addTaskInstance(run, { taskId: 'render_report', tries: ok(5, 7) });
    seed.addTaskInstance(run, { taskId: 'send_email', tries: ok(8, 8.5) });
    finishRun(run, 9);
  }
}

/**
 * An hourly DAG whose last two runs failed, both within the last hour (the earlier waited for a
 * slot), so the watcher alerts both on a fresh start: something to snooze and for the digest.
 */
function seedFlakyHourly(seed: SeedBuilder, now: number): void {
  const lastHour = floorTo(now - 30 * MINUTE_MS, HOUR_MS);
  const failedStarts: Record<number, number> = { 2: floorTo(now - 50 * MINUTE_MS, MINUTE_MS), 1: floorTo(now - 25 * MINUTE_MS, MINUTE_MS) };
  for (const hoursBack of [3, 2, 1]) {
    const logicalDate = lastHour - hoursBack * HOUR_MS;
    const startedAt = failedStarts[hoursBack];
    const run =
      startedAt === undefined
        ? seed.addRun('flaky_hourly', 'scheduled', logicalDate, logicalDate + HOUR_MS, 'success')
        : seed.addRun('flaky_hourly', 'scheduled', logicalDate, logicalDate + HOUR_MS, 'failed', startedAt);
    if (startedAt === undefined) {
      seed.addTaskInstance(run, { taskId: 'fetch_feed', tries: ok(1, 2) });
      seed.addTaskInstance(run, { taskId: 'publish_feed', tries: ok(3, 4) });
      finishRun(run, 5);
      continue;
    }
    seed.addTaskInstance(run, {
      taskId: 'fetch_feed',
      tries: [
        { state: 'failed', start: 1, end: 2 },
        { state: 'failed', start: 6, end: 7 },
      ],
    });
    seed.addTaskInstance(run, { taskId: 'publish_feed', setWithoutRun: { state: 'upstream_failed', at: 7.1 } });
    finishRun(run, 7.5);
  }
}

function seedFanoutBig(seed: SeedBuilder, today: number, now: number): void {
  const logicalDate = today - DAY_MS;
  const run = seed.addRun('fanout_big', 'scheduled', logicalDate, today, 'failed', floorTo(now - RECENT_START_MS, MINUTE_MS));
  for (let index = 0; index < FANOUT_TASK_COUNT; index += 1) {
    const taskId = fanoutTaskId(index);
    const start = 1 + (index % 10);
    if (index % 40 === 7) {
      seed.addTaskInstance(run, {
        taskId,
        tries: [
          { state: 'failed', start, end: start + 2 },
          { state: 'failed', start: start + 8, end: start + 10 },
        ],
      });
    } else {
      seed.addTaskInstance(run, { taskId, tries: ok(start, start + 1 + (index % 3)) });
    }
  }
  finishRun(run, 25);
}

/** `ApprovalOperator`'s question for one release: its two fixed options, no params. */
function releaseQuestion(version: string): HitlQuestion {
  return {
    options: ['Approve', 'Reject'],
    subject: `Release ${version} to production?`,
    body: [
      `Release **${version}** is built and passed staging. Approving deploys it to production now.`,
      '',
      '- 14 merged pull requests, 2 of them flagged `needs-migration`',
      '- Database migration `0042_add_invoice_index` (online, no downtime)',
      '- Staging smoke tests: 212 passed, 0 failed',
      '',
      `[Release notes](https://git.demo.internal/platform/releases/tag/${version})`,
    ].join('\n'),
    defaults: null,
    multiple: false,
    params: {},
    assignedUsers: [],
  };
}

const BACKFILL_QUESTION: HitlQuestion = {
  options: ['Rerun failed partitions', 'Rerun everything', 'Skip'],
  subject: 'orders_daily has gaps: how should we backfill?',
  body: [
    '`detect_gaps` found **3 missing partitions** in `warehouse.orders_daily`:',
    '',
    '- `2026-11-18` (upstream export failed)',
    '- `2026-11-19` (upstream export failed)',
    '- `2026-11-20` (row count 40% below the 7-day average)',
    '',
    'See the [gap report](https://dq.demo.internal/reports/orders_daily/gaps).',
  ].join('\n'),
  defaults: ['Rerun failed partitions'],
  multiple: true,
  params: {
    days: { value: 3, description: 'How many days back', schema: { type: 'integer', minimum: 1, maximum: 30 } },
    reason: { value: '', description: 'Why', schema: { type: 'string', minLength: 1 } },
    notify: { value: true, description: null, schema: { type: 'boolean' } },
  },
  assignedUsers: [],
};

/**
 * Releases wait for a person's approval. The last one was approved by admin a week ago; the new
 * one has waited (deferred) since a few minutes after it was triggered, inside the watcher's
 * first-tick window.
 */
function seedReleaseApproval(seed: SeedBuilder, now: number): void {
  const admin: DemoHitlUser = { id: 'admin', name: 'admin' };
  const earlierTrigger = floorTo(now - 7 * DAY_MS, HOUR_MS);
  const earlier = seed.addRun('release_approval', 'manual', earlierTrigger, earlierTrigger, 'success');
  seed.addTaskInstance(earlier, { taskId: 'build_release', tries: ok(1, 12) });
  seed.addTaskInstance(earlier, {
    taskId: 'approve_release',
    tries: ok(13, 40),
    hitl: { question: releaseQuestion('2026.11'), askedAt: 13.1, answer: { by: admin, at: 39.9, chosenOptions: ['Approve'], paramsInput: {} } },
  });
  seed.addTaskInstance(earlier, { taskId: 'deploy_release', tries: ok(41, 50) });
  finishRun(earlier, 51);

  const trigger = floorTo(now - 35 * MINUTE_MS, MINUTE_MS);
  const run = seed.addRun('release_approval', 'manual', trigger, trigger, 'running');
  seed.addTaskInstance(run, { taskId: 'build_release', tries: ok(1, 12) });
  seed.addTaskInstance(run, {
    taskId: 'approve_release',
    tries: [{ state: 'deferred', start: 13 }],
    hitl: { question: releaseQuestion('2026.12'), askedAt: 13.1 },
  });
  seed.addTaskInstance(run, { taskId: 'deploy_release' });
}

/** Yesterday's run found gaps and asks, deferred, which backfill to run (several options, and params). */
function seedBackfillReview(seed: SeedBuilder, today: number, now: number): void {
  const run = seed.addRun('backfill_review', 'scheduled', today - DAY_MS, today, 'running', floorTo(now - 45 * MINUTE_MS, MINUTE_MS));
  seed.addTaskInstance(run, { taskId: 'detect_gaps', tries: ok(1, 4) });
  seed.addTaskInstance(run, {
    taskId: 'choose_backfill',
    tries: [{ state: 'deferred', start: 5 }],
    hitl: { question: BACKFILL_QUESTION, askedAt: 5.1 },
  });
  seed.addTaskInstance(run, { taskId: 'run_backfill' });
}

/** What the seed holds besides what every demo has. */
export interface SeedOptions {
  /**
   * Airflow 3.1+'s human-in-the-loop DAGs and their requests (an Airflow 3 demo).
   *
   * @default false
   */
  humanInTheLoop?: boolean;
}

/**
 * The demo's whole state as of `now` (epoch ms). Daily runs are anchored twelve hours back, so a
 * run's tasks have finished even just after midnight.
 */
export function buildSeed(now: number, options: SeedOptions = {}): DemoState {
  const humanInTheLoop = options.humanInTheLoop ?? false;
  const seed = new SeedBuilder([...demoDags(), ...(humanInTheLoop ? humanInTheLoopDags() : [])], now);
  const today = floorTo(now - 12 * HOUR_MS, DAY_MS);
  seedEtlDaily(seed, today, now);
  seedMlTraining(seed, now);
  seedReportsHourly(seed, now);
  seedFlakyHourly(seed, now);
  seedFanoutBig(seed, today, now);
  if (humanInTheLoop) {
    seedReleaseApproval(seed, now);
    seedBackfillReview(seed, today, now);
  }
  return { dags: seed.dags, runs: seed.runs, taskInstances: seed.taskInstances, hitlDetails: seed.hitlDetails };
}
