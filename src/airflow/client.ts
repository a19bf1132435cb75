import type {
  ActionPreview,
  AffectedTaskInstance,
  ApiDialect,
  DagRun,
  DagRunState,
  DagSummary,
  ExtraLink,
  HitlAnswer,
  HitlRequest,
  HitlResponse,
  TaskAction,
  TaskInstance,
  TaskInstanceRef,
  TaskState,
  TaskTry,
} from './model';
import type { LogReadLimits, LogReadSummary } from './log-reader';
import type { LogLineSink } from '../logs/log-pipeline';

/** How a user names a run: by id, as the newest one, or by its logical (execution) date. */
export type RunSelector =
  | { kind: 'id'; runId: string }
  | { kind: 'latest' }
  | { kind: 'date'; date: Date };

export interface ServerVersion {
  dialect: ApiDialect;
  /** Airflow's version string, e.g. `2.10.5` or `3.1.0`. */
  version: string;
}

export interface FailedTaskQuery {
  /** Only this DAG; all DAGs when absent. */
  dagId?: string;
  /** Only runs whose task instances started after this instant. */
  since?: Date;
  /** At most this many results, newest first. */
  limit?: number;
}

/** Task instances across every DAG and run, by state and end date (the watcher's question). */
export interface EndedTaskInstanceQuery {
  /** Only task instances in these states. */
  states: TaskState[];
  /** Only task instances whose end date is at or after this instant. */
  endedSince: Date;
}

/** DAG runs across DAGs, by state and end date. */
export interface EndedRunQuery {
  /** Only runs in these states. */
  states: DagRunState[];
  /** Only runs whose end date is at or after this instant. */
  endedSince: Date;
  /** Only runs of these DAGs; every DAG when absent. */
  dagIds?: string[];
}

/**
 * One Airflow deployment, whatever its API dialect. Every method throws `BotError` on failure,
 * with a message that names the deployment and the object.
 */
export interface AirflowClient {
  /** The deployment's short name from the registry. */
  readonly deploymentName: string;

  version(): Promise<ServerVersion>;
  /**
   * Asks the server now, never from memory: its version, and one read with the bot's credentials
   * (the newest DAG run), so an unreachable server or rejected credentials show at once.
   */
  probe(): Promise<ServerVersion>;

  getTaskInstance(ref: TaskInstanceRef): Promise<TaskInstance>;
  /** Every task instance of a run (all pages), optionally only in the given states. */
  listTaskInstances(dagId: string, runId: string, states?: TaskState[]): Promise<TaskInstance[]>;
  /** Failed and up-for-retry task instances across recent runs, newest first. */
  listFailedTaskInstances(query: FailedTaskQuery): Promise<TaskInstance[]>;

  /**
   * Task instances of every DAG and run in the given states that ended since an instant (all
   * pages), with one batch list request (`POST …/dags/~/dagRuns/~/taskInstances/list`) when they fit a page.
   */
  listEndedTaskInstances(query: EndedTaskInstanceQuery): Promise<TaskInstance[]>;
  /** Runs in the given states that ended since an instant (all pages; `POST …/dags/~/dagRuns/list`). */
  listEndedRuns(query: EndedRunQuery): Promise<DagRun[]>;

  /**
   * Every DAG Airflow still knows (not stale), by DAG id, all pages: the first page says how many
   * there are and the rest are asked a few at a time. At most `maxDags`, when given.
   */
  listDags(options?: { maxDags?: number }): Promise<DagSummary[]>;
  /** The newest runs of a DAG, newest first. */
  recentRuns(dagId: string, limit: number): Promise<DagRun[]>;
  /** Throws `not_found` when the selector matches no run. */
  resolveRun(dagId: string, selector: RunSelector): Promise<DagRun>;

  listTries(ref: TaskInstanceRef): Promise<TaskTry[]>;
  /**
   * Reads a try's whole log, handing each line to `onLine` as it arrives (see `readTaskLog`);
   * `limits` default to `DEFAULT_LOG_READ_LIMITS`, the idle wait to the client's timeout.
   */
  readLog(ref: TaskInstanceRef, tryNumber: number, onLine: LogLineSink, limits?: Partial<LogReadLimits>): Promise<LogReadSummary>;
  extraLinks(ref: TaskInstanceRef): Promise<ExtraLink[]>;
  /** The values of the deployment's own credentials (password or token), to mask out of log text. */
  credentialValues(): Promise<string[]>;

  /** Dry run: what the action would change. Sends nothing that mutates. */
  previewAction(ref: TaskInstanceRef, action: TaskAction): Promise<ActionPreview>;
  /** Applies the action for real and returns the task instances it changed. */
  applyAction(ref: TaskInstanceRef, action: TaskAction): Promise<AffectedTaskInstance[]>;
  /** Replaces the note (at most `NOTE_MAX_LENGTH` characters). */
  setNote(ref: TaskInstanceRef, note: string): Promise<void>;

  /**
   * Airflow 3.1+: the human-in-the-loop requests still waiting for an answer, across every DAG and
   * run (`GET …/dags/~/dagRuns/~/hitlDetails?response_received=false&state=deferred`, all pages),
   * oldest first. An Airflow 3 server without the route (3.0) answers an empty list.
   *
   * @throws `BotError('not_found')` on an Airflow 2 deployment (no such API).
   */
  listPendingHitl(): Promise<HitlRequest[]>;
  /**
   * One task instance's human-in-the-loop request, answered or not. Throws `not_found` when it has
   * none, and on an Airflow 2 deployment.
   */
  getHitl(ref: TaskInstanceRef): Promise<HitlRequest>;
  /**
   * Answers a request (`PATCH …/hitlDetails`). Airflow's refusals keep their meaning:
   * `BotError('conflict')` when it was already answered, `BotError('forbidden')` when the bot's own
   * Airflow user is not among the request's assigned users (the message names that user when
   * Airflow does), `BotError('invalid')` when Airflow rejects the payload or the answer has no
   * chosen option (then nothing is sent), `BotError('not_found')` on an Airflow 2 deployment.
   */
  answerHitl(ref: TaskInstanceRef, answer: HitlAnswer): Promise<HitlResponse>;
}
