import type { TaskState } from '../airflow/model';
import type { ACTION_IDS } from '../protocol/interaction-types';

/**
 * The buttons a task-instance card can carry (every card button except Confirm, Cancel and Full
 * log; Audit is in the overflow; Acknowledge and Snooze are the alert's, about the run or the DAG
 * rather than the task).
 */
export type CardAction = Exclude<keyof typeof ACTION_IDS, 'confirm' | 'cancel' | 'audit' | 'fullLog' | 'acknowledge' | 'snooze'>;

/** In the order the card shows them. */
export const CARD_ACTIONS: readonly CardAction[] = ['viewLogs', 'markSuccess', 'markFailed', 'clear', 'addNote', 'refresh'];

/** Never run yet, or gone from the DAG: there is nothing to clear. */
const NOT_CLEARABLE: ReadonlySet<TaskState | null> = new Set([null, 'scheduled', 'removed']);

/**
 * Which buttons make sense for a task instance in `state`, in card order:
 * - View logs once a try has started (`tryNumber` ≥ 1; assumed when not given).
 * - Mark success unless it already succeeded; Mark failed unless it already failed (neither for a
 *   `removed` instance, which Airflow no longer schedules).
 * - Clear (retry) once there is something to clear: not for no status, `scheduled` or `removed`.
 * - Add note and Refresh always.
 *
 * Used to build a card, and again to update one after an action.
 *
 * @example
 * availableActions('success') // ['viewLogs', 'markFailed', 'clear', 'addNote', 'refresh']
 */
export function availableActions(state: TaskState | null, options: { tryNumber?: number } = {}): CardAction[] {
  const tried = (options.tryNumber ?? 1) >= 1;
  const markable = state !== 'removed';
  const allowed: Record<CardAction, boolean> = {
    viewLogs: tried,
    markSuccess: markable && state !== 'success',
    markFailed: markable && state !== 'failed',
    clear: !NOT_CLEARABLE.has(state),
    addNote: true,
    refresh: true,
  };
  return CARD_ACTIONS.filter((action) => allowed[action]);
}
