import type { TaskAction } from '../airflow/model';

/** How previews and results name an action, so both say it the same way. */

/** `Mark success`, `Mark failed`, `Mark skipped`, `Clear`. */
export function actionTitle(action: TaskAction): string {
  return action.kind === 'clear' ? 'Clear' : `Mark ${action.newState}`;
}

/** `1 task instance`, `3 task instances`. */
export function countTaskInstances(count: number): string {
  return `${count} task instance${count === 1 ? '' : 's'}`;
}

/** `marked 3 task instances success`, `cleared 1 task instance`. */
export function actionOutcome(action: TaskAction, count: number): string {
  const what = countTaskInstances(count);
  return action.kind === 'clear' ? `cleared ${what}` : `marked ${what} ${action.newState}`;
}

/** What the state becomes: the new state, or `cleared (runs again)`. */
export function newStateText(action: TaskAction): string {
  return action.kind === 'clear' ? 'cleared (runs again)' : action.newState;
}

/** ` (with upstream and downstream)`, or nothing when only the task itself is touched. */
export function actionScope(action: TaskAction): string {
  const parts = [action.includeUpstream ? 'upstream' : '', action.includeDownstream ? 'downstream' : ''].filter(Boolean);
  return parts.length === 0 ? '' : ` (with ${parts.join(' and ')})`;
}

/** Failing and clearing are the destructive ones: their Confirm button is red. */
export function isDestructive(action: TaskAction): boolean {
  return action.kind === 'clear' || action.newState === 'failed';
}
