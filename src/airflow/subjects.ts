import { UNMAPPED, type TaskInstanceRef } from './model';

/**
 * How error messages name what a request was about. They read after the deployment name:
 * "prod-eu: task instance etl / scheduled__2024-01-01T00:00:00+00:00 / load not found: …".
 */
export function taskInstanceSubject(ref: TaskInstanceRef): string {
  const mapped = ref.mapIndex === UNMAPPED ? '' : ` [${ref.mapIndex}]`;
  return `task instance ${ref.dagId} / ${ref.runId} / ${ref.taskId}${mapped}`;
}

export function runSubject(dagId: string, runId: string): string {
  return `run ${runId} of DAG ${dagId}`;
}

/** The DAG list of a deployment. */
export const DAGS_SUBJECT = 'the DAG list';

export function runsSubject(dagId: string): string {
  return `the runs of DAG ${dagId}`;
}

export function runTaskInstancesSubject(dagId: string, runId: string): string {
  return `the task instances of ${dagId} / ${runId}`;
}

export function failedSubject(dagId: string | undefined): string {
  return dagId ? `the failed task instances of DAG ${dagId}` : 'the failed task instances';
}

export function triesSubject(ref: TaskInstanceRef): string {
  return `the tries of ${taskInstanceSubject(ref)}`;
}

export function logSubject(ref: TaskInstanceRef, tryNumber: number): string {
  return `the log of try ${tryNumber} of ${taskInstanceSubject(ref)}`;
}

export function linksSubject(ref: TaskInstanceRef): string {
  return `the extra links of ${taskInstanceSubject(ref)}`;
}

export function noteSubject(ref: TaskInstanceRef): string {
  return `the note of ${taskInstanceSubject(ref)}`;
}

export const VERSION_SUBJECT = 'the API version';

export function endedTaskInstancesSubject(since: Date): string {
  return `the task instances that ended since ${since.toISOString()}`;
}

export function endedRunsSubject(since: Date): string {
  return `the runs that ended since ${since.toISOString()}`;
}

export const PENDING_HITL_SUBJECT = 'the human-in-the-loop requests waiting for an answer';

export function hitlSubject(ref: TaskInstanceRef): string {
  return `the human-in-the-loop request of ${taskInstanceSubject(ref)}`;
}

export function hitlAnswerSubject(ref: TaskInstanceRef): string {
  return `the answer to ${hitlSubject(ref)}`;
}
