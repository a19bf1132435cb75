import type { AffectedTaskInstance, TaskInstance, TaskInstanceRef, TaskTry } from '../airflow/model';
import type { LogExcerpt } from '../logs/excerpt-types';

/** The JSON a webhook caller gets for a task instance's address (the names of the payload). */
export function refJson(ref: TaskInstanceRef): Record<string, unknown> {
  return { dag_id: ref.dagId, run_id: ref.runId, task_id: ref.taskId, map_index: ref.mapIndex };
}

/** A task instance in the names of the Airflow REST API. */
export function taskInstanceJson(ti: TaskInstance): Record<string, unknown> {
  return {
    ...refJson(ti),
    state: ti.state,
    try_number: ti.tryNumber,
    max_tries: ti.maxTries,
    start_date: ti.startDate,
    end_date: ti.endDate,
    duration_seconds: ti.durationSeconds,
    logical_date: ti.logicalDate,
    operator: ti.operator,
    hostname: ti.hostname,
    pool: ti.pool,
    queue: ti.queue,
    note: ti.note,
    rendered_map_index: ti.renderedMapIndex,
  };
}

export function tryJson(attempt: TaskTry): Record<string, unknown> {
  return {
    try_number: attempt.tryNumber,
    state: attempt.state,
    start_date: attempt.startDate,
    end_date: attempt.endDate,
    duration_seconds: attempt.durationSeconds,
    hostname: attempt.hostname,
  };
}

/** A task instance an action touches (or would touch), with its state before the change. */
export function affectedJson(ti: AffectedTaskInstance): Record<string, unknown> {
  return { ...refJson(ti), state_before: ti.state };
}

export function excerptJson(tryNumber: number, excerpt: LogExcerpt): Record<string, unknown> {
  return {
    try_number: tryNumber,
    error_found: excerpt.errorFound,
    truncated: excerpt.truncated,
    total_lines: excerpt.totalLines,
    // Why the task failed, as Slack's View logs shows it: lines not always adjacent, so each has its number.
    cause: excerpt.cause.map((line) => ({ line_number: line.n, text: line.text })),
    sections: excerpt.sections.map((section) => ({
      title: section.title,
      first_line_number: section.firstLineNumber,
      lines: section.lines,
    })),
  };
}
