/**
 * The state of one demo Airflow and every change the API can make to it: set state (with
 * relatives through the DAG's task graph), clear (with Airflow's try bookkeeping), notes, and
 * answers to human-in-the-loop requests.
 * Reads return copies, so callers (and tests) cannot change the state behind the API's back.
 */
import type { Clock } from '../../src/clock';
import { relatedTaskIds } from './dag-graph';
import { DemoApiError, notFound } from './errors';
import type { LogRecord } from './logs/log-record';
import { taskLogRecords } from './logs/task-log';
import { buildSeed, type SeedOptions } from './seed/build-seed';
import type { DemoDag, DemoHitlDetail, DemoHitlUser, DemoRun, DemoState, DemoTaskInstance, DemoTaskState, DemoTiKey, DemoTry } from './types';

/** The states a user may set; Airflow refuses every other one. */
export type SettableDemoState = 'success' | 'failed' | 'skipped';

export interface SetStateRequest {
  dagId: string;
  runId: string;
  taskId: string;
  /** One map index, or `undefined` for every map index of the task. */
  mapIndex: number | undefined;
  newState: SettableDemoState;
  includeUpstream: boolean;
  includeDownstream: boolean;
  includeFuture: boolean;
  includePast: boolean;
  dryRun: boolean;
}

export interface ClearRequest {
  dagId: string;
  /** Tasks to clear, each optionally narrowed to one map index; every task when absent. */
  tasks: { taskId: string; mapIndex?: number }[] | undefined;
  /** Only this run; every run (within the dates) when absent. */
  runId: string | undefined;
  /** Logical-date window, epoch ms, inclusive. */
  startDate: number | undefined;
  endDate: number | undefined;
  onlyFailed: boolean;
  onlyRunning: boolean;
  includeUpstream: boolean;
  includeDownstream: boolean;
  includeFuture: boolean;
  includePast: boolean;
  resetDagRuns: boolean;
  dryRun: boolean;
}

/** A try's log and whether the try is over (a running try's log can still grow). */
export interface TryLog {
  records: LogRecord[];
  finished: boolean;
  /** The worker that wrote it; empty before the try started. */
  hostname: string;
}

/** An answer to a human-in-the-loop request, and who gave it. */
export interface HitlAnswerRequest extends DemoTiKey {
  respondent: DemoHitlUser;
  chosenOptions: string[];
  paramsInput: Record<string, unknown>;
}

export interface DemoStoreOptions extends SeedOptions {
  /** The instant the seed is built from; the clock's time at construction by default. */
  seedTime?: number;
}

/** `ApprovalOperator`'s option that lets the downstream tasks run; any other skips them. */
const APPROVE = 'Approve';

const CLEARABLE_WHEN_FAILED: ReadonlySet<DemoTaskState | null> = new Set<DemoTaskState | null>(['failed', 'upstream_failed']);

const copy = <T>(value: T): T => structuredClone(value);

export class DemoStore {
  private state: DemoState;
  /** DAGs added with `addDags`, beside the seed's. */
  private readonly extraDags: DemoDag[] = [];
  /** The untouched seed: logs are written from it, since marking a task does not rewrite history. */
  private readonly initial: DemoState;
  private readonly seedTime: number;
  private readonly seedOptions: SeedOptions;

  constructor(
    private readonly clock: Clock,
    options: DemoStoreOptions = {},
  ) {
    const { seedTime = clock(), ...seedOptions } = options;
    this.seedTime = seedTime;
    this.seedOptions = seedOptions;
    this.initial = buildSeed(seedTime, seedOptions);
    this.state = buildSeed(seedTime, seedOptions);
  }

  /** Puts every DAG run, task instance and human-in-the-loop request back as the seed had them. */
  reset(): void {
    this.state = buildSeed(this.seedTime, this.seedOptions);
  }

  dags(): readonly DemoDag[] {
    return this.extraDags.length === 0 ? this.state.dags : [...this.state.dags, ...this.extraDags];
  }

  dag(dagId: string): DemoDag | undefined {
    return this.state.dags.find((d) => d.dagId === dagId) ?? this.extraDags.find((d) => d.dagId === dagId);
  }

  /** Adds DAGs without runs (a large deployment's DAG list); they survive `reset()`. */
  addDags(dags: readonly DemoDag[]): void {
    this.extraDags.push(...dags.map((dag) => ({ ...dag })));
  }

  runs(): DemoRun[] {
    return copy(this.state.runs);
  }

  run(dagId: string, runId: string): DemoRun | undefined {
    const run = this.findRun(dagId, runId);
    return run && copy(run);
  }

  taskInstances(): DemoTaskInstance[] {
    return copy(this.state.taskInstances);
  }

  /** One task instance as it is now; `mapIndex` is `-1` for a task that is not mapped. */
  taskInstance(dagId: string, runId: string, taskId: string, mapIndex = -1): DemoTaskInstance | undefined {
    const ti = this.findTi(dagId, runId, taskId, mapIndex);
    return ti && copy(ti);
  }

  /** Every try of a task instance, oldest first, the current one last (when it has started). */
  tries(ti: DemoTaskInstance): DemoTry[] {
    const tries = copy(ti.history);
    if (ti.tryNumber > 0 && !tries.some((t) => t.tryNumber === ti.tryNumber)) {
      tries.push({
        tryNumber: ti.tryNumber,
        state: ti.state,
        startDate: ti.startDate,
        endDate: ti.endDate,
        hostname: ti.hostname,
        pid: ti.pid,
        maxTries: ti.maxTries,
      });
    }
    return tries;
  }

  /** The log of one try, or `undefined` when the task instance has no such try. */
  tryLog(ti: DemoTaskInstance, tryNumber: number): TryLog | undefined {
    if (tryNumber < 1 || tryNumber > ti.tryNumber) return undefined;
    const seeded = this.initial.taskInstances.find((s) => sameTi(s, ti));
    const attempt = seeded && [...seeded.history, { ...seeded, tryNumber: seeded.tryNumber }].find((t) => t.tryNumber === tryNumber);
    const run = this.findRun(ti.dagId, ti.runId);
    const task = this.dag(ti.dagId)?.tasks.find((t) => t.taskId === ti.taskId);
    if (!attempt || !run || !task || attempt.startDate === null || attempt.hostname === null) {
      return { records: [], finished: false, hostname: '' };
    }
    const records = taskLogRecords({
      dagId: ti.dagId,
      runId: ti.runId,
      taskId: ti.taskId,
      mapIndex: ti.mapIndex,
      operator: task.operator,
      tryNumber,
      maxTries: attempt.maxTries,
      state: attempt.state,
      startDate: attempt.startDate,
      endDate: attempt.endDate,
      hostname: attempt.hostname,
      pid: attempt.pid ?? 0,
      logicalDate: run.logicalDate,
    });
    return { records, finished: attempt.endDate !== null, hostname: attempt.hostname };
  }

  /**
   * Finds a task instance or throws Airflow's 404. With `mapIndex -1` on a mapped task, says so,
   * as Airflow does.
   */
  requireTaskInstance(dagId: string, runId: string, taskId: string, mapIndex: number): DemoTaskInstance {
    this.requireRun(dagId, runId);
    const ti = this.taskInstance(dagId, runId, taskId, mapIndex);
    if (ti) return ti;
    const mapped = this.state.taskInstances.some((t) => t.dagId === dagId && t.runId === runId && t.taskId === taskId && t.mapIndex >= 0);
    if (mapped && mapIndex === -1) throw notFound('Task instance is mapped, add the map_index value to the URL');
    throw notFound(
      `Task instance ${taskId}${mapIndex >= 0 ? ` with map_index ${mapIndex}` : ''} not found in DAG run '${runId}' of DAG '${dagId}'`,
    );
  }

  requireDag(dagId: string): DemoDag {
    const dag = this.dag(dagId);
    if (!dag) throw notFound(`DAG with dag_id: '${dagId}' not found`);
    return dag;
  }

  requireRun(dagId: string, runId: string): DemoRun {
    this.requireDag(dagId);
    const run = this.run(dagId, runId);
    if (!run) throw notFound(`DAG run with dag_run_id: '${runId}' not found in DAG '${dagId}'`);
    return run;
  }

  /**
   * Sets a state, like Airflow's "mark success/failed/skipped": the target (one map index or all),
   * with its upstream/downstream tasks and past/future runs when asked. Task instances already in
   * that state are left out. Applying it also clears the failed tasks downstream, so they can run
   * again, as Airflow does. Returns the task instances that change (as they are after the change,
   * or as they are now for a dry run).
   */
  setState(request: SetStateRequest): DemoTaskInstance[] {
    const dag = this.requireDag(request.dagId);
    const targetRun = this.requireRun(request.dagId, request.runId);
    this.requireTask(dag, request.taskId);
    const targets = this.state.taskInstances.filter(
      (ti) => ti.dagId === request.dagId && ti.runId === request.runId && ti.taskId === request.taskId,
    );
    if (request.mapIndex !== undefined && !targets.some((ti) => ti.mapIndex === request.mapIndex)) {
      this.requireTaskInstance(request.dagId, request.runId, request.taskId, request.mapIndex);
    }
    const relatives = new Set([
      ...(request.includeUpstream ? relatedTaskIds(dag, request.taskId, 'upstream') : []),
      ...(request.includeDownstream ? relatedTaskIds(dag, request.taskId, 'downstream') : []),
    ]);
    const runIds = new Set(this.runsAround(targetRun, request.includePast, request.includeFuture).map((r) => r.runId));
    const altered = this.state.taskInstances.filter((ti) => {
      if (ti.dagId !== request.dagId || !runIds.has(ti.runId) || ti.state === request.newState) return false;
      if (ti.taskId === request.taskId) return request.mapIndex === undefined || ti.mapIndex === request.mapIndex;
      return relatives.has(ti.taskId);
    });
    if (request.dryRun) return copy(altered);

    const now = this.clock();
    for (const ti of altered) {
      ti.state = request.newState;
      ti.startDate ??= now;
      ti.endDate ??= now;
      ti.updatedAt = now;
    }
    const downstream = new Set(relatedTaskIds(dag, request.taskId, 'downstream'));
    const toResume = this.state.taskInstances.filter(
      (ti) =>
        ti.dagId === request.dagId &&
        ti.runId === request.runId &&
        downstream.has(ti.taskId) &&
        !altered.includes(ti) &&
        CLEARABLE_WHEN_FAILED.has(ti.state),
    );
    this.clearTaskInstances(dag, toResume, false);
    return copy(altered);
  }

  /**
   * Clears task instances so the scheduler runs them again: state back to none (running ones
   * restart), the current try kept in the history, and `max_tries` raised so every retry is
   * available again. Returns the task instances cleared (as they are after, or now for a dry run).
   */
  clear(request: ClearRequest): DemoTaskInstance[] {
    const dag = this.requireDag(request.dagId);
    const anchorRun = request.runId === undefined ? undefined : this.requireRun(request.dagId, request.runId);
    const selections: { taskId: string; mapIndex?: number }[] = request.tasks ?? dag.tasks.map((t) => ({ taskId: t.taskId }));
    for (const selection of selections) this.requireTask(dag, selection.taskId);
    const wanted = (ti: DemoTaskInstance): boolean =>
      selections.some((s) => s.taskId === ti.taskId && (s.mapIndex === undefined || s.mapIndex === ti.mapIndex));
    const relatives = new Set(
      selections.flatMap((s) => [
        ...(request.includeUpstream ? relatedTaskIds(dag, s.taskId, 'upstream') : []),
        ...(request.includeDownstream ? relatedTaskIds(dag, s.taskId, 'downstream') : []),
      ]),
    );
    const runs = anchorRun
      ? this.runsAround(anchorRun, request.includePast, request.includeFuture)
      : this.state.runs.filter(
          (r) =>
            r.dagId === request.dagId &&
            (request.startDate === undefined || r.logicalDate >= request.startDate) &&
            (request.endDate === undefined || r.logicalDate <= request.endDate),
        );
    const runIds = new Set(runs.map((r) => r.runId));
    const selected = this.state.taskInstances.filter((ti) => {
      if (ti.dagId !== request.dagId || !runIds.has(ti.runId)) return false;
      if (!wanted(ti) && !relatives.has(ti.taskId)) return false;
      if (request.onlyFailed && !CLEARABLE_WHEN_FAILED.has(ti.state)) return false;
      if (request.onlyRunning && ti.state !== 'running') return false;
      return true;
    });
    if (request.dryRun) return copy(selected);
    this.clearTaskInstances(dag, selected, request.resetDagRuns);
    return copy(selected);
  }

  /** Replaces the note of a task instance (or of every map index when `mapIndex` is undefined). */
  setNote(dagId: string, runId: string, taskId: string, mapIndex: number | undefined, note: string | null): DemoTaskInstance[] {
    const targets =
      mapIndex === undefined
        ? this.state.taskInstances.filter((ti) => ti.dagId === dagId && ti.runId === runId && ti.taskId === taskId)
        : [this.liveTi(this.requireTaskInstance(dagId, runId, taskId, mapIndex))];
    if (targets.length === 0) this.requireTaskInstance(dagId, runId, taskId, -1);
    const now = this.clock();
    for (const ti of targets) {
      ti.note = note;
      ti.updatedAt = now;
    }
    return copy(targets);
  }

  /** Every human-in-the-loop request, in the order they were made. */
  hitlDetails(): DemoHitlDetail[] {
    return copy(this.state.hitlDetails);
  }

  /** The human-in-the-loop request of one task instance, or `undefined` when it made none. */
  hitlDetail(key: DemoTiKey): DemoHitlDetail | undefined {
    const detail = this.findHitl(key);
    return detail && copy(detail);
  }

  /**
   * Restricts who may answer a request, as a HITL operator's `assigned_users` does (the seed's
   * requests name nobody, so anyone may answer them). For tests and demos.
   */
  setHitlAssignees(key: DemoTiKey, users: DemoHitlUser[]): DemoHitlDetail {
    const detail = this.findHitl(key);
    if (!detail) throw notFound(`No human-in-the-loop request for ${key.dagId}/${key.runId}/${key.taskId}[${key.mapIndex}]`);
    detail.assignedUsers = copy(users);
    return copy(detail);
  }

  /**
   * Records the answer to a request and lets its task instance go on, as the triggerer and the
   * operator would: a deferred task instance succeeds (an `ApprovalOperator` answered with anything
   * but "Approve" also skips every task downstream of it, its default). A task instance that no
   * longer waits (cleared, marked) keeps its state. The caller has checked that the request exists,
   * is unanswered and that the respondent may answer it.
   */
  answerHitl(answer: HitlAnswerRequest): DemoHitlDetail {
    const detail = this.findHitl(answer);
    if (!detail) throw new Error(`Demo store: no human-in-the-loop request for ${answer.taskId}`);
    const now = this.clock();
    detail.respondedBy = copy(answer.respondent);
    detail.respondedAt = now;
    detail.chosenOptions = [...answer.chosenOptions];
    detail.paramsInput = copy(answer.paramsInput);

    const ti = this.findTi(answer.dagId, answer.runId, answer.taskId, answer.mapIndex);
    if (ti?.state !== 'deferred') return copy(detail);
    // The operator checks the answer only when it resumes: an option it did not offer, or several
    // where it takes one, fails the task (the API accepted them). Params are not checked here.
    const valid = answer.chosenOptions.every((o) => detail.options.includes(o)) && (detail.multiple || answer.chosenOptions.length === 1);
    ti.state = valid ? 'success' : 'failed';
    ti.endDate = now;
    ti.updatedAt = now;
    const dag = this.requireDag(ti.dagId);
    const operator = dag.tasks.find((t) => t.taskId === ti.taskId)?.operator;
    if (valid && operator === 'ApprovalOperator' && answer.chosenOptions[0] !== APPROVE) {
      const downstream = new Set(relatedTaskIds(dag, ti.taskId, 'downstream'));
      for (const other of this.state.taskInstances) {
        if (other.dagId !== ti.dagId || other.runId !== ti.runId || !downstream.has(other.taskId)) continue;
        other.state = 'skipped';
        other.startDate ??= now;
        other.endDate ??= now;
        other.updatedAt = now;
      }
    }
    return copy(detail);
  }

  private findHitl(key: DemoTiKey): DemoHitlDetail | undefined {
    return this.state.hitlDetails.find((h) => sameTi(h, key));
  }

  private clearTaskInstances(dag: DemoDag, tis: DemoTaskInstance[], resetDagRuns: boolean): void {
    const now = this.clock();
    for (const ti of tis) {
      ti.updatedAt = now;
      if (ti.state === 'running') {
        ti.state = 'restarting';
        continue;
      }
      if (ti.tryNumber > 0 && !ti.history.some((t) => t.tryNumber === ti.tryNumber)) {
        ti.history.push({
          tryNumber: ti.tryNumber,
          state: ti.state,
          startDate: ti.startDate,
          endDate: ti.endDate,
          hostname: ti.hostname,
          pid: ti.pid,
          maxTries: ti.maxTries,
        });
      }
      const retries = dag.tasks.find((t) => t.taskId === ti.taskId)?.retries ?? 0;
      ti.maxTries = ti.tryNumber + retries;
      ti.state = null;
    }
    if (!resetDagRuns) return;
    const runIds = new Set(tis.map((ti) => ti.runId));
    for (const run of this.state.runs) {
      if (run.dagId !== dag.dagId || !runIds.has(run.runId)) continue;
      run.state = 'queued';
      run.endDate = null;
    }
  }

  private requireTask(dag: DemoDag, taskId: string): void {
    if (!dag.tasks.some((t) => t.taskId === taskId)) {
      throw new DemoApiError(404, `Task '${taskId}' not found in DAG '${dag.dagId}'`);
    }
  }

  /** The run itself, plus the DAG's earlier and/or later runs (by logical date) when asked. */
  private runsAround(run: DemoRun, past: boolean, future: boolean): DemoRun[] {
    return this.state.runs.filter(
      (r) =>
        r.dagId === run.dagId &&
        (r.runId === run.runId || (past && r.logicalDate < run.logicalDate) || (future && r.logicalDate > run.logicalDate)),
    );
  }

  private findRun(dagId: string, runId: string): DemoRun | undefined {
    return this.state.runs.find((r) => r.dagId === dagId && r.runId === runId);
  }

  private findTi(dagId: string, runId: string, taskId: string, mapIndex: number): DemoTaskInstance | undefined {
    return this.state.taskInstances.find(
      (ti) => ti.dagId === dagId && ti.runId === runId && ti.taskId === taskId && ti.mapIndex === mapIndex,
    );
  }

  private liveTi(ti: DemoTaskInstance): DemoTaskInstance {
    return this.findTi(ti.dagId, ti.runId, ti.taskId, ti.mapIndex) as DemoTaskInstance;
  }
}

function sameTi(a: DemoTiKey, b: DemoTiKey): boolean {
  return a.dagId === b.dagId && a.runId === b.runId && a.taskId === b.taskId && a.mapIndex === b.mapIndex;
}
