import type { TaskState } from '../airflow/model';
import type { AlertTaskView } from '../views/alert-message';

/**
 * The state of one run's alert, as stored between events: where the message is, the task
 * instances it lists and how each stands, and the thread lines still to post. Pure data (JSON),
 * changed only by {@link applyObservation} in `alert-transitions.ts`.
 */

/** One DAG run: the unit of "one message per run". */
export interface RunKey {
  deployment: string;
  dagId: string;
  runId: string;
}

/**
 * A task instance listed on the alert, as Airflow last described it: what the message shows of it
 * (`AlertTaskView`, one definition for both; views sit below this feature and cannot import it) and
 * the try that first failed in this run (for "recovered on try 3" and the retry count). `fixedBy`
 * is who or what fixed it once it recovered: `a retry`, `<@U1> (cleared)`, `marked success in
 * Airflow`; `pendingFix`, someone acted on it from Slack and the outcome is not known yet.
 */
export interface AlertTask extends AlertTaskView {
  firstFailedTry: number;
}

/** The cause on the message: the strongest lines of the primary task's failing try (see `selectCause`). */
export interface AlertCause {
  tryNumber: number;
  /** 1-based number of `lines[0]` in the log. */
  firstLineNumber: number;
  lines: string[];
  /**
   * The number of each line in the log: the cause's lines need not be adjacent. Absent when they
   * are (the last lines, and alerts stored before the cause was selected line by line).
   */
  lineNumbers?: number[];
  errorFound: boolean;
}

/** A line for the message's thread, numbered so each is posted once. */
export interface ThreadLine {
  seq: number;
  text: string;
}

/** Someone said "I am looking at it" from the alert's Acknowledge button. */
export interface Acknowledgement {
  userId: string;
  /** When the bot learnt it (milliseconds). */
  at: number;
}

export interface AlertDoc {
  key: RunKey;
  channel: string;
  /** User group to mention on the first failure (only in the first post). */
  mention?: string;
  /** Deployment display name, for the header and fallback text. */
  deploymentDisplay: string;
  /** The run in the Airflow UI, and the primary task instance's page. */
  runUiUrl?: string;
  primaryUiUrl?: string;
  /** When the first failure reached the bot (milliseconds). */
  createdAt: number;
  /**
   * The first task instances that failed in this run (at most `LISTED_MAX`), in the order they
   * first failed: the ones the message lists.
   */
  tasks: AlertTask[];
  /** Every later one, followed in compact records (`unlisted-tasks.ts`, at most `UNLISTED_MAX`). */
  unlisted?: string;
  /**
   * Failures beyond what `unlisted` can follow: counted, not followed. A recovery of a task
   * instance the alert does not know moves one from `failing` to `recovered`.
   */
  beyond?: { failing: number; recovered: number };
  /** Tries run by unlisted task instances after they first failed (for the retry count). */
  unlistedRetries?: number;
  /** Index in `tasks` of the task instance the card and buttons are about (the first to fail). */
  primary: number;
  cause?: AlertCause;
  /** The cause could not be read (Airflow answered no log). */
  causeUnavailable?: boolean;
  runState?: 'failed' | 'success';
  /** Set once every failed task instance recovered or the run succeeded; cleared by a new failure. */
  resolvedAt?: number;
  /** Who acknowledged the alert, in the order they did; one entry per user. Absent: nobody yet. */
  acknowledgements?: Acknowledgement[];
  /** The thread lines not posted yet (stored empty: each render posts them before it stores). */
  lines: ThreadLine[];
  /** The `seq` of the newest line ever added. */
  lineSeq: number;
}

/** True for states in which a task instance counts as failing on the alert. */
export function isFailing(state: TaskState | null): boolean {
  return state === 'failed' || state === 'up_for_retry' || state === 'upstream_failed';
}

/** True for states in which a failed task instance counts as recovered. */
export function isRecovered(state: TaskState | null): boolean {
  return state === 'success' || state === 'skipped';
}
