import { createHash } from 'node:crypto';
import type { TaskInstance, TaskState } from '../airflow/model';

/**
 * The task instances of an alert beyond the ones it lists, kept small enough that a run with any
 * number of failures stays far inside DynamoDB's 400 KB item: 11 characters each, no ids.
 *
 * A record is the first 8 characters (48 bits) of the base64url SHA-256 of the task id and map
 * index, one character for the state, and the try in two base-36 digits (tries above 1295 read as
 * 1295). The hash only has to tell a later event's task instance from the others of one run:
 * among 5,000 the chance that two share 48 bits is about 4 in 100 million.
 */

/** Task instances an alert lists in full: the message shows these and counts the rest. */
export const LISTED_MAX = 50;
/** Task instances followed beyond the list (55 KB of records); any more are only counted. */
export const UNLISTED_MAX = 5000;

const KEY_LENGTH = 8;
const TRY_MAX = 36 * 36 - 1;
const RECORD_LENGTH = KEY_LENGTH + 3;

const STATE_CODES: Partial<Record<NonNullable<TaskState>, string>> = {
  failed: 'f',
  upstream_failed: 'u',
  up_for_retry: 'r',
  success: 's',
  skipped: 'k',
};
const CODE_STATES = new Map<string, TaskState>(Object.entries(STATE_CODES).map(([state, code]) => [code, state as TaskState]));
/** Any other state (queued, running, cleared): neither failing nor recovered. */
const OTHER_CODE = 'o';

/** A task instance the alert follows but does not list. `state` is `null` for any state without a code. */
export interface UnlistedTask {
  state: TaskState | null;
  tryNumber: number;
}

/** The record key of a task instance. */
export function unlistedKey(ti: Pick<TaskInstance, 'taskId' | 'mapIndex'>): string {
  return createHash('sha256').update(`${ti.taskId}\u0000${ti.mapIndex}`).digest('base64url').slice(0, KEY_LENGTH);
}

/** One record: key, state, try. */
export function unlistedRecord(ti: Pick<TaskInstance, 'taskId' | 'mapIndex' | 'state' | 'tryNumber'>): string {
  return formatRecord(unlistedKey(ti), { state: ti.state, tryNumber: ti.tryNumber });
}

function formatRecord(key: string, task: UnlistedTask): string {
  const code = (task.state === null ? undefined : STATE_CODES[task.state]) ?? OTHER_CODE;
  const tryNumber = Math.min(Math.max(0, Math.trunc(task.tryNumber)), TRY_MAX);
  return `${key}${code}${tryNumber.toString(36).padStart(2, '0')}`;
}

/** Records as a map from key to task instance, in their order. */
export function parseUnlisted(records: string | undefined): Map<string, UnlistedTask> {
  const tasks = new Map<string, UnlistedTask>();
  if (records === undefined) return tasks;
  for (let at = 0; at + RECORD_LENGTH <= records.length; at += RECORD_LENGTH) {
    const key = records.slice(at, at + KEY_LENGTH);
    const state = CODE_STATES.get(records.charAt(at + KEY_LENGTH)) ?? null;
    tasks.set(key, { state, tryNumber: Number.parseInt(records.slice(at + KEY_LENGTH + 1, at + RECORD_LENGTH), 36) });
  }
  return tasks;
}

/** The map back as records. */
export function formatUnlisted(tasks: ReadonlyMap<string, UnlistedTask>): string {
  let records = '';
  for (const [key, task] of tasks) records += formatRecord(key, task);
  return records;
}

/** The state as a record keeps it: `null` for any state without a code. */
export function unlistedState(state: TaskState | null): TaskState | null {
  return state !== null && STATE_CODES[state] !== undefined ? state : null;
}

/** How many task instances beyond the list are fixed (succeeded or skipped) and how many are not. */
export function unlistedCounts(records: string | undefined, beyond: { failing: number; recovered: number } | undefined): {
  notFixed: number;
  fixed: number;
} {
  let fixed = beyond?.recovered ?? 0;
  let notFixed = beyond?.failing ?? 0;
  for (const task of parseUnlisted(records).values()) {
    if (task.state === 'success' || task.state === 'skipped') fixed += 1;
    else notFixed += 1;
  }
  return { notFixed, fixed };
}
