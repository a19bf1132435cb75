import type { TaskAction } from '../../airflow/model';

/** "Marked success", "Cleared": how an action reads in audit notes, thread lines and logs. */
export function actionVerb(action: TaskAction): string {
  return action.kind === 'set_state' ? `Marked ${action.newState}` : 'Cleared';
}

/** A stable short name for the audit log: `mark_success`, `clear`… */
export function actionName(action: TaskAction): string {
  return action.kind === 'set_state' ? `mark_${action.newState}` : 'clear';
}
