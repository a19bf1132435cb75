import type { EndedRunQuery, EndedTaskInstanceQuery, FailedTaskQuery } from './client';
import type {
  ApiDialect,
  DagRun,
  DagSummary,
  ExtraLink,
  HitlAnswer,
  HitlRequest,
  HitlResponse,
  OpenedLog,
  TaskAction,
  TaskInstance,
  TaskInstanceRef,
  TaskState,
  TaskTry,
} from './model';

/** One page of a collection and the collection's size. */
export interface Page<T> {
  items: T[];
  totalEntries: number;
}

export interface PageRequest {
  limit: number;
  offset: number;
}

/**
 * A task instance an action touches, as the dialect reports it. Airflow 2 answers with references
 * only, so `state` and `mapIndex` are `undefined` there; Airflow 3 answers with whole task instances.
 */
export interface ReportedTaskInstance {
  dagId: string;
  runId: string;
  taskId: string;
  mapIndex: number | undefined;
  state: TaskState | null | undefined;
}

/**
 * What differs between `/api/v1` and `/api/v2`: each dialect speaks its own routes and payloads and
 * returns the shared model. Paging, joins and checks common to both live in the client.
 */
export interface DialectApi {
  readonly dialect: ApiDialect;
  /** Airflow's version string. */
  version(): Promise<string>;
  getTaskInstance(ref: TaskInstanceRef): Promise<TaskInstance>;
  taskInstancesPage(dagId: string, runId: string, states: TaskState[] | undefined, page: PageRequest): Promise<Page<TaskInstance>>;
  /** Failed and up-for-retry task instances, newest first, at most `limit`. */
  listFailedTaskInstances(query: FailedTaskQuery & { limit: number }): Promise<TaskInstance[]>;
  /** One page of the batch list of task instances across DAGs and runs, by state and end date. */
  endedTaskInstancesPage(query: EndedTaskInstanceQuery, page: PageRequest): Promise<Page<TaskInstance>>;
  /** One page of the batch list of runs across DAGs, by state and end date. */
  endedRunsPage(query: EndedRunQuery, page: PageRequest): Promise<Page<DagRun>>;
  /** Runs newest first; with `logicalDate`, only the run(s) with exactly that logical date. */
  runsPage(dagId: string, filter: { logicalDate?: Date }, page: PageRequest): Promise<Page<DagRun>>;
  getRun(dagId: string, runId: string): Promise<DagRun>;
  /**
   * One page of the DAGs Airflow still knows (v1 `only_active=true`, v2 `exclude_stale=true`),
   * ordered by DAG id; with `dagIdPattern`, only ids matching that SQL `LIKE` pattern.
   */
  dagsPage(filter: { dagIdPattern?: string }, page: PageRequest): Promise<Page<DagSummary>>;
  listTries(ref: TaskInstanceRef): Promise<TaskTry[]>;
  /** Asks for the whole log as a stream, in the media type the API declares for it, else reads it in pages. */
  openLog(ref: TaskInstanceRef, tryNumber: number): Promise<OpenedLog>;
  extraLinks(ref: TaskInstanceRef): Promise<ExtraLink[]>;
  /** Runs a set-state or clear, as a dry run or for real. */
  runAction(ref: TaskInstanceRef, action: TaskAction, dryRun: boolean): Promise<ReportedTaskInstance[]>;
  setNote(ref: TaskInstanceRef, note: string): Promise<void>;
  /** Airflow 3.1+'s human-in-the-loop routes; absent from a dialect that has none (Airflow 2's). */
  readonly hitl?: HitlApi;
}

/** The human-in-the-loop routes of a dialect that has them. */
export interface HitlApi {
  /**
   * One page of the requests still waiting for an answer (not answered, task instance deferred),
   * across every DAG and run, oldest first. A server without the routes (Airflow 3.0) answers an
   * empty page.
   */
  pendingPage(page: PageRequest): Promise<Page<HitlRequest>>;
  /** One task instance's request, answered or not. */
  get(ref: TaskInstanceRef): Promise<HitlRequest>;
  answer(ref: TaskInstanceRef, answer: HitlAnswer): Promise<HitlResponse>;
}
