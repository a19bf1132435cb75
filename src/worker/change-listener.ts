import type { TaskInstanceRef } from '../airflow/model';

/** A change the worker applied in Airflow for a Slack user. */
export interface AppliedChange {
  deployment: string;
  ref: TaskInstanceRef;
  userId: string;
  /** `Cleared`, `Marked success`… */
  verb: string;
}

/**
 * Told after a change is applied and shown. What it does (updating an alert) is extra: a failure
 * is logged by the caller, never reported as a failed change.
 */
export type ChangeListener = (change: AppliedChange) => Promise<void>;
