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

/** A person as Airflow's human-in-the-loop records name one (`HITLUser`): the auth manager's user id and name. */
export interface DemoHitlUser {
  id: string;
  name: string;
}

/**
 * Airflow 3.1's human-in-the-loop detail (`hitl_detail` table): the question a HITL operator asked
 * while its task instance waits, deferred, and the answer once someone gave it. Answered when
 * `respondedAt` is set (Airflow's `response_received`).
 */
export interface DemoHitlDetail extends DemoTiKey {
  options: string[];
  subject: string;
  /** Markdown written by the DAG's author. */
  body: string | null;
  defaults: string[] | null;
  multiple: boolean;
  /** Each param as Airflow's `Param.dump()` writes it: `{value, description, schema}`. */
  params: Record<string, unknown>;
  /** Only these users may answer; empty: anyone who may edit the DAG. */
  assignedUsers: DemoHitlUser[];
  createdAt: number;
  respondedBy: DemoHitlUser | null;
  respondedAt: number | null;
  chosenOptions: string[] | null;
  paramsInput: Record<string, unknown>;
}

/** Everything a demo server holds. */
export interface DemoState {
  dags: DemoDag[];
  runs: DemoRun[];
  taskInstances: DemoTaskInstance[];
  /** Airflow 3.1+ only: empty in an Airflow 2 demo. */
  hitlDetails: DemoHitlDetail[];
}

/** Addresses one task instance. */
export interface DemoTiKey {
  dagId: string;
  runId: string;
  taskId: string;
  mapIndex: number;
}
