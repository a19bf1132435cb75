import type { DagRunState, TaskState } from '../airflow/model';

const EMOJI: Readonly<Record<TaskState | DagRunState, string>> = {
  success: ':white_check_mark:',
  failed: ':x:',
  upstream_failed: ':large_orange_circle:',
  up_for_retry: ':repeat:',
  up_for_reschedule: ':hourglass:',
  running: ':arrows_counterclockwise:',
  restarting: ':arrows_counterclockwise:',
  queued: ':hourglass_flowing_sand:',
  scheduled: ':clock3:',
  deferred: ':zzz:',
  skipped: ':fast_forward:',
  removed: ':wastebasket:',
};

/** The state with no status yet (v1 `"none"`, v2 `null`). */
const NO_STATUS_EMOJI = ':white_circle:';

/**
 * The emoji shortcode shown beside a task-instance or DAG-run state.
 *
 * @example
 * stateEmoji('failed') // ':x:'
 */
export function stateEmoji(state: TaskState | DagRunState | null): string {
  return state === null ? NO_STATUS_EMOJI : EMOJI[state];
}

/** The state as words: `up for retry`, `no status`. */
export function stateLabel(state: TaskState | DagRunState | null): string {
  return state === null ? 'no status' : state.replace(/_/g, ' ');
}
