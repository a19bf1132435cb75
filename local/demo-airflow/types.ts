/**
 * The demo Airflow's own picture of the world, independent of any API dialect. The v1 and v2
 * serializers turn these records into the JSON each real Airflow version sends.
 */

/** Task-instance states as Airflow stores them; `null` is "no status yet" (v1 prints `"none"`). */
export type DemoTaskState =
  | 'success'
  | 'running'
  | 'failed'
  | 'upstream_failed'
  | 'skipped'
  | 'up_for_retry'
  | 'up_for_reschedule'
  | 'queued'
  | 'scheduled'
  | 'deferred'
  | 'removed'
  | 'restarting';

export type DemoRunState = 'queued' | 'running' | 'success' | 'failed';

export type DemoRunType = 'scheduled' | 'manual';

/** A link an operator shows next to its task instances (Airflow's "extra links"). */
export interface DemoExtraLink {
  name: string;
  /** Python class path of the link, as v1 reports it in `class_ref`. */
  classRef: { modulePath: string; className: string };
  /** The target for one task instance, or `null` when the link has none for it. */
  href: (ti: DemoTaskInstance) => string | null;
}

export interface DemoTask {
  taskId: string;
  /** Operator class name, e.g. `PythonOperator`. */
  operator: string;
  /** Airflow's `retries`: a try may be repeated this many times. */
  retries: number;
  /** Task ids that run after this one. */
  downstream: string[];
  pool: string;
  queue: string;
  extraLinks: DemoExtraLink[];
}

export interface DemoDag {
  dagId: string;
  displayName: string;
  tasks: DemoTask[];
  /** Airflow's `is_paused`; `false` when absent. */
  paused?: boolean;
}

export interface DemoRun {
  dagId: string;
  runId: string;
  /** Creation order; the default sort of both APIs. */
  sequence: number;
  runType: DemoRunType;
  state: DemoRunState;
  /** Epoch milliseconds; `logicalDate` is v1's `execution_date`. */
  logicalDate: number;
  runAfter: number;
  dataIntervalStart: number;
  dataIntervalEnd: number;
  queuedAt: number;
  startDate: number | null;
  endDate: number | null;
  note: string | null;
  triggeringUser: string | null;
}

/** One finished (or cleared) try, kept after the task instance moved on, like TaskInstanceHistory. */
export interface DemoTry {
  tryNumber: number;
  state: DemoTaskState | null;
  startDate: number | null;
  endDate: number | null;
  hostname: string | null;
  pid: number | null;
  maxTries: number;
}

export interface DemoTaskInstance {
  dagId: string;
  runId: string;
  taskId: string;
  /** `-1` when the task is not mapped. */
  mapIndex: number;
  state: DemoTaskState | null;
  /** The current (or latest) try; `0` before the first try. */
  tryNumber: number;
  maxTries: number;
  startDate: number | null;
  endDate: number | null;
  queuedWhen: number | null;
  scheduledWhen: number | null;
  hostname: string | null;
  pid: number | null;
  note: string | null;
  renderedMapIndex: string | null;
  updatedAt: number;
  /** Earlier tries, oldest first. */
  history: DemoTry[];
}

/** Everything a demo server holds. */
export interface DemoState {
  dags: DemoDag[];
  runs: DemoRun[];
  taskInstances: DemoTaskInstance[];
}

/** Addresses one task instance. */
export interface DemoTiKey {
  dagId: string;
  runId: string;
  taskId: string;
  mapIndex: number;
}
