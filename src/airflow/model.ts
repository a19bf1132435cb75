/**
 * The one model of Airflow objects the bot works with, shared by every API dialect.
 * Dialect differences (v1 `execution_date` vs v2 `logical_date`, reference vs full objects…)
 * are resolved inside `src/airflow/`; nothing outside it sees a raw API payload.
 */

/** The REST API dialect: Airflow 2 serves `/api/v1`, Airflow 3 serves `/api/v2`. */
export type ApiDialect = 'v1' | 'v2';

/** Task-instance states common to both dialects. v1's `"none"` is read as `null`. */
export const TASK_STATES = [
  'success',
  'running',
  'failed',
  'upstream_failed',
  'skipped',
  'up_for_retry',
  'up_for_reschedule',
  'queued',
  'scheduled',
  'deferred',
  'removed',
  'restarting',
] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** DAG-run states. */
export type DagRunState = 'queued' | 'running' | 'success' | 'failed';

/** `map_index` of a task instance that is not mapped. */
export const UNMAPPED = -1;

/** Everything needed to address one task instance (and nothing else). */
export interface TaskInstanceRef {
  dagId: string;
  /** The run's `run_id` (the API calls it `dag_run_id`). */
  runId: string;
  taskId: string;
  /** `-1` when the task is not mapped. */
  mapIndex: number;
}

export interface TaskInstance extends TaskInstanceRef {
  state: TaskState | null;
  /** The current (or latest) try, 1-based once the task has started; 0 before its first try. */
  tryNumber: number;
  /** Airflow's `max_tries`: the retries allowed, so at most `maxTries + 1` tries. */
  maxTries: number;
  /** ISO 8601 strings as Airflow sends them. */
  startDate: string | null;
  endDate: string | null;
  durationSeconds: number | null;
  /** v1 `execution_date`, v2 `logical_date` (nullable in Airflow 3 for manual runs). */
  logicalDate: string | null;
  operator: string | null;
  hostname: string | null;
  pool: string | null;
  queue: string | null;
  note: string | null;
  /** The label Airflow shows for a mapped instance, when the DAG defines one. */
  renderedMapIndex: string | null;
}

export interface DagRun {
  dagId: string;
  runId: string;
  state: DagRunState | null;
  /** v1 `execution_date`, v2 `logical_date`. */
  logicalDate: string | null;
  /** v2 `run_after`; for v1, the same as `logicalDate`. */
  runAfter: string | null;
  startDate: string | null;
  endDate: string | null;
  /** `scheduled`, `manual`, `backfill`, `asset_triggered` (v2) / `dataset_triggered` (v1)… */
  runType: string | null;
  note: string | null;
}

/** A DAG as the DAG list shows it: enough to pick one. */
export interface DagSummary {
  dagId: string;
  /** `null` when Airflow 2 does not say (its `is_paused` is nullable). */
  isPaused: boolean | null;
}

/** One try of a task instance (from the tries routes). */
export interface TaskTry {
  tryNumber: number;
  state: TaskState | null;
  startDate: string | null;
  endDate: string | null;
  durationSeconds: number | null;
  hostname: string | null;
}

/** One page of a try's log, already flattened to text lines. */
export interface LogPage {
  /** Log lines in order; v2 structured messages are rendered as `timestamp level event` text. */
  lines: string[];
  /** Pass back to read on; `null` when the server says the log has ended. */
  continuationToken: string | null;
}

/**
 * A try's log as the server answered the streamed request: a body to read line by line (Airflow
 * 2's `text/plain`, Airflow 3's `application/x-ndjson`), or `json-pages` when the server ignored
 * the `Accept` header and answered JSON, so the log must be read a page at a time with `page`
 * (no token for the first).
 */
export type OpenedLog =
  | { format: 'text' | 'ndjson'; body: ReadableStream<Uint8Array> }
  | { format: 'json-pages'; page(continuationToken?: string): Promise<LogPage> };

export interface ExtraLink {
  name: string;
  /** `null` when the operator defines the link but it has no target for this instance. */
  url: string | null;
}

/** The states a user may set by hand (the only ones both APIs accept). */
export type SettableState = 'success' | 'failed' | 'skipped';

/** A change to task instances. Both kinds are previewed (dry run) before they are applied. */
export type TaskAction =
  | {
      kind: 'set_state';
      newState: SettableState;
      includeUpstream: boolean;
      includeDownstream: boolean;
    }
  | {
      kind: 'clear';
      includeUpstream: boolean;
      includeDownstream: boolean;
    };

/** A task instance an action touches, with its state before the change when Airflow tells it. */
export interface AffectedTaskInstance extends TaskInstanceRef {
  state: TaskState | null;
}

/** What a dry run says an action would do. */
export interface ActionPreview {
  target: TaskInstanceRef;
  action: TaskAction;
  affected: AffectedTaskInstance[];
}

/** Airflow's limit on a task-instance note. */
export const NOTE_MAX_LENGTH = 1000;

/** A person as Airflow's human-in-the-loop routes name one (`HITLUser`): the auth manager's user id and name. */
export interface HitlUser {
  id: string;
  name: string;
}

/**
 * One param of a human-in-the-loop request, as Airflow dumps a `Param`: its default value, its
 * JSON schema (`type`, `enum`, `minimum`, `maxLength`, …) and its description. A param Airflow
 * sends as a bare value is read as `{ value, schema: {}, description: null }`.
 */
export interface HitlParam {
  value: unknown;
  schema: Record<string, unknown>;
  description: string | null;
}

/** How a human-in-the-loop request was answered. */
export interface HitlResponse {
  /** Who answered; `null` when nobody did (the request timed out and took its defaults). */
  by: HitlUser | null;
  at: string | null;
  chosenOptions: string[];
  paramsInput: Record<string, unknown>;
}

/**
 * Airflow 3.1+'s request for a person's answer (`HITLDetail`), made by a human-in-the-loop operator
 * whose task instance waits (deferred) until someone picks among `options` (and fills in `params`).
 */
export interface HitlRequest {
  ref: TaskInstanceRef;
  /** The waiting task instance's state and try, from the request's `task_instance`. */
  taskState: TaskState | null;
  tryNumber: number;
  subject: string;
  /** Markdown written by the DAG's author; `null` when there is none. */
  body: string | null;
  options: string[];
  defaults: string[] | null;
  /** Several options may be chosen at once. */
  multiple: boolean;
  params: Record<string, HitlParam>;
  /** Only these Airflow users may answer; empty: anyone who may edit the DAG. */
  assignedUsers: HitlUser[];
  /** When the request was made (ISO 8601): with the task instance, what tells one request from the next try's. */
  createdAt: string;
  /** `null` until it is answered. */
  response: HitlResponse | null;
}

/** What the bot sends to answer a request (`UpdateHITLDetailPayload`). */
export interface HitlAnswer {
  /** At least one of the request's options; exactly one unless the request is `multiple`. */
  chosenOptions: string[];
  paramsInput: Record<string, unknown>;
}
