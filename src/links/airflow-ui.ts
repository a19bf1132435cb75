import type { ApiDialect, TaskInstanceRef } from '../airflow/model';
import { UNMAPPED } from '../airflow/model';

/**
 * A DAG run in the Airflow UI: Airflow 2's grid view with the run selected, Airflow 3's run page.
 */
export function runUiUrl(uiUrl: string, dialect: ApiDialect, run: { dagId: string; runId: string }): string {
  const base = uiUrl.replace(/\/+$/, '');
  const dag = encodeURIComponent(run.dagId);
  if (dialect === 'v1') return `${base}/dags/${dag}/grid?${new URLSearchParams({ dag_run_id: run.runId }).toString()}`;
  return `${base}/dags/${dag}/runs/${encodeURIComponent(run.runId)}`;
}

/**
 * Links into the Airflow UI for a task instance. Airflow 2's UI addresses a task instance with
 * query parameters on the grid view; Airflow 3's React UI has a path per run and task.
 */
export function taskInstanceUiUrl(uiUrl: string, dialect: ApiDialect, ref: TaskInstanceRef): string {
  const base = uiUrl.replace(/\/+$/, '');
  const dag = encodeURIComponent(ref.dagId);
  if (dialect === 'v1') {
    const query = new URLSearchParams({ dag_run_id: ref.runId, task_id: ref.taskId });
    if (ref.mapIndex !== UNMAPPED) query.set('map_index', String(ref.mapIndex));
    return `${base}/dags/${dag}/grid?${query.toString()}`;
  }
  const path = `${base}/dags/${dag}/runs/${encodeURIComponent(ref.runId)}/tasks/${encodeURIComponent(ref.taskId)}`;
  return ref.mapIndex === UNMAPPED ? path : `${path}/mapped/${ref.mapIndex}`;
}

/** The full log of one try in the Airflow UI. */
export function taskLogUiUrl(uiUrl: string, dialect: ApiDialect, ref: TaskInstanceRef, tryNumber: number): string {
  const page = taskInstanceUiUrl(uiUrl, dialect, ref);
  if (dialect === 'v1') return `${page}&tab=logs&try_number=${tryNumber}`;
  return `${page}?try_number=${tryNumber}`;
}
