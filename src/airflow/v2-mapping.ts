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

/** Airflow 3 (`/api/v2`) payloads, read into the shared model. */

export const v2TaskInstanceSchema = z
  .object({
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
    logical_date: optionalText,
    operator: optionalText,
    hostname: optionalText,
    pool: optionalText,
    queue: optionalText,
    note: optionalText,
    rendered_map_index: optionalText,
  })
  .transform(
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
      logicalDate: ti.logical_date,
      operator: ti.operator,
      hostname: ti.hostname,
      pool: ti.pool,
      queue: ti.queue,
      note: ti.note,
      renderedMapIndex: ti.rendered_map_index,
    }),
  );

export const v2TaskInstanceCollectionSchema = z.object({
  task_instances: z.array(v2TaskInstanceSchema),
  total_entries: countField,
});

/** Set-state and clear answer with whole task instances: state and map index included. */
export const v2AffectedSchema = z.object({ task_instances: z.array(v2TaskInstanceSchema) }).transform((body) =>
  body.task_instances.map(
    (ti): ReportedTaskInstance => ({
      dagId: ti.dagId,
      runId: ti.runId,
      taskId: ti.taskId,
      mapIndex: ti.mapIndex,
      state: ti.state,
    }),
  ),
);

export const v2DagRunSchema = z
  .object({
    dag_id: z.string(),
    dag_run_id: z.string(),
    state: dagRunStateField,
    logical_date: optionalText,
    run_after: optionalText,
    start_date: optionalText,
    end_date: optionalText,
    run_type: optionalText,
    note: optionalText,
  })
  .transform(
    (run): DagRun => ({
      dagId: run.dag_id,
      runId: run.dag_run_id,
      state: run.state,
      logicalDate: run.logical_date,
      runAfter: run.run_after,
      startDate: run.start_date,
      endDate: run.end_date,
      runType: run.run_type,
      note: run.note,
    }),
  );

export const v2DagRunCollectionSchema = z.object({
  dag_runs: z.array(v2DagRunSchema),
  total_entries: countField,
});

export const v2TaskTryCollectionSchema = z
  .object({
    task_instances: z.array(
      z.object({
        try_number: countField,
        state: taskStateField,
        start_date: optionalText,
        end_date: optionalText,
        duration: optionalNumber,
        hostname: optionalText,
      }),
    ),
  })
  .transform((body) =>
    body.task_instances.map(
      (item): TaskTry => ({
        tryNumber: item.try_number,
        state: item.state,
        startDate: item.start_date,
        endDate: item.end_date,
        durationSeconds: item.duration,
        hostname: item.hostname,
      }),
    ),
  );

/** `content` is a list of structured messages (or strings); `continuation_token` is null at the end. */
export const v2LogPageSchema = z.object({
  content: z.array(z.unknown()),
  continuation_token: z.string().nullish().catch(null),
});

export const v2ExtraLinksSchema = z
  .object({ extra_links: z.record(z.string(), z.string().nullish().catch(null)) })
  .transform((body): ExtraLink[] =>
    Object.entries(body.extra_links).map(([name, url]) => ({ name, url: url === '' ? null : (url ?? null) })),
  );

export const v2VersionSchema = z.object({ version: z.string() });

/** A DAG of the DAG list; the rest of Airflow's fields are not needed to pick one. */
const v2DagSchema = z
  .object({ dag_id: z.string(), is_paused: z.boolean() })
  .transform((dag): DagSummary => ({ dagId: dag.dag_id, isPaused: dag.is_paused }));

export const v2DagCollectionSchema = z.object({
  dags: z.array(v2DagSchema),
  total_entries: countField,
});
