import { z } from 'zod';
import type { ReportedTaskInstance } from './dialect';
import type { DagRun, DagSummary, ExtraLink, TaskInstance, TaskTry } from './model';
import {
  countField,
  dagRunStateField,
  mapIndexField,
  optionalNumber,
  optionalText,
  taskStateField,
} from './payload-fields';

/** Airflow 2 (`/api/v1`) payloads, read into the shared model. */

const taskInstance = z.object({
  task_id: z.string(),
  dag_id: z.string(),
  dag_run_id: z.string(),
  map_index: mapIndexField,
  state: taskStateField,
  try_number: countField,
  max_tries: countField,
  start_date: optionalText,
  end_date: optionalText,
  duration: optionalNumber,
  execution_date: optionalText,
  operator: optionalText,
  hostname: optionalText,
  pool: optionalText,
  queue: optionalText,
  note: optionalText,
  rendered_map_index: optionalText,
});

export const v1TaskInstanceSchema = taskInstance.transform(
  (ti): TaskInstance => ({
    dagId: ti.dag_id,
    runId: ti.dag_run_id,
    taskId: ti.task_id,
    mapIndex: ti.map_index,
    state: ti.state,
    tryNumber: ti.try_number,
    maxTries: ti.max_tries,
    startDate: ti.start_date,
    endDate: ti.end_date,
    durationSeconds: ti.duration,
    logicalDate: ti.execution_date,
    operator: ti.operator,
    hostname: ti.hostname,
    pool: ti.pool,
    queue: ti.queue,
    note: ti.note,
    renderedMapIndex: ti.rendered_map_index,
  }),
);

export const v1TaskInstanceCollectionSchema = z.object({
  task_instances: z.array(v1TaskInstanceSchema),
  total_entries: countField,
});

export const v1DagRunSchema = z
  .object({
    dag_id: z.string(),
    dag_run_id: z.string(),
    state: dagRunStateField,
    logical_date: optionalText,
    execution_date: optionalText,
    start_date: optionalText,
    end_date: optionalText,
    run_type: optionalText,
    note: optionalText,
  })
  .transform((run): DagRun => {
    const logicalDate = run.logical_date ?? run.execution_date;
    return {
      dagId: run.dag_id,
      runId: run.dag_run_id,
      state: run.state,
      logicalDate,
      runAfter: logicalDate,
      startDate: run.start_date,
      endDate: run.end_date,
      runType: run.run_type,
      note: run.note,
    };
  });

export const v1DagRunCollectionSchema = z.object({
  dag_runs: z.array(v1DagRunSchema),
  total_entries: countField,
});

const taskTry = z
  .object({
    try_number: countField,
    state: taskStateField,
    start_date: optionalText,
    end_date: optionalText,
    duration: optionalNumber,
    hostname: optionalText,
  })
  .transform(
    (item): TaskTry => ({
      tryNumber: item.try_number,
      state: item.state,
      startDate: item.start_date,
      endDate: item.end_date,
      durationSeconds: item.duration,
      hostname: item.hostname,
    }),
  );

export const v1TaskTryCollectionSchema = z.object({
  task_instances_history: z.array(taskTry),
  total_entries: countField,
});

/** `content` is a string (often Python's repr of `(host, text)` tuples); the token is always there. */
export const v1LogPageSchema = z.object({
  content: z.string().nullish().catch(null),
  continuation_token: z.string().nullish().catch(null),
});

export const v1ExtraLinksSchema = z
  .object({
    extra_links: z.array(z.object({ name: z.string(), href: optionalText })),
  })
  .transform((body): ExtraLink[] => body.extra_links.map((link) => ({ name: link.name, url: link.href })));

/**
 * `TaskInstanceReference`s from set-state and clear: no state and no map index, so both are left
 * for the client to fill in from a listing of the run.
 */
export const v1ReferenceSchema = z
  .object({ task_id: z.string(), dag_id: z.string(), dag_run_id: z.string() })
  .transform(
    (ref): ReportedTaskInstance => ({
      dagId: ref.dag_id,
      runId: ref.dag_run_id,
      taskId: ref.task_id,
      mapIndex: undefined,
      state: undefined,
    }),
  );

export const v1ReferenceCollectionSchema = z
  .object({ task_instances: z.array(v1ReferenceSchema) })
  .transform((body) => body.task_instances);

export const v1VersionSchema = z.object({ version: z.string() });

/** A DAG of the DAG list; the rest of Airflow's fields are not needed to pick one. */
const v1DagSchema = z
  .object({ dag_id: z.string(), is_paused: z.boolean().nullable().optional() })
  .transform((dag): DagSummary => ({ dagId: dag.dag_id, isPaused: dag.is_paused ?? null }));

export const v1DagCollectionSchema = z.object({
  dags: z.array(v1DagSchema),
  total_entries: countField,
});
