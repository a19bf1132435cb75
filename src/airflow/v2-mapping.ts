import { z } from 'zod';
import type { ReportedTaskInstance } from './dialect';
import type { DagRun, DagSummary, ExtraLink, HitlParam, HitlRequest, HitlResponse, HitlUser, TaskInstance, TaskTry } from './model';
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

const hitlUserSchema = z.object({ id: z.string(), name: z.string() });

/** A JSON object (`params`, `params_input`): `{}` when absent or null, an error when anything else. */
const jsonObjectField = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((value): Record<string, unknown> => value ?? {});

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A param as Airflow sends it: `Param.dump()` (`{value, description, schema, …}`: an object whose
 * `schema` is an object), or a bare value, which has no schema.
 */
function hitlParam(raw: unknown): HitlParam {
  if (isPlainObject(raw) && isPlainObject(raw.schema)) {
    return {
      value: raw.value ?? null,
      schema: raw.schema,
      description: typeof raw.description === 'string' && raw.description !== '' ? raw.description : null,
    };
  }
  return { value: raw, schema: {}, description: null };
}

/**
 * `HITLDetail`. What the request asks (`options`, `subject`) and whose it is (`task_instance`,
 * `created_at`) are required; who may answer and who did must read as users when present; the
 * rest is lenient like every descriptive field.
 */
export const v2HitlDetailSchema = z
  .object({
    options: z.array(z.string()),
    subject: z.string(),
    body: optionalText,
    defaults: z.array(z.string()).nullish().catch(null).transform((value) => value ?? null),
    multiple: z.boolean().catch(false),
    params: jsonObjectField,
    assigned_users: z.array(hitlUserSchema).nullish().transform((value) => value ?? []),
    created_at: z.string(),
    responded_by_user: hitlUserSchema.nullish().transform((value): HitlUser | null => value ?? null),
    responded_at: optionalText,
    chosen_options: z.array(z.string()).nullish().transform((value) => value ?? []),
    params_input: jsonObjectField,
    response_received: z.boolean().catch(false),
    task_instance: v2TaskInstanceSchema,
  })
  .transform(
    (detail): HitlRequest => ({
      ref: {
        dagId: detail.task_instance.dagId,
        runId: detail.task_instance.runId,
        taskId: detail.task_instance.taskId,
        mapIndex: detail.task_instance.mapIndex,
      },
      taskState: detail.task_instance.state,
      tryNumber: detail.task_instance.tryNumber,
      subject: detail.subject,
      body: detail.body,
      options: detail.options,
      defaults: detail.defaults,
      multiple: detail.multiple,
      params: Object.fromEntries(Object.entries(detail.params).map(([name, raw]) => [name, hitlParam(raw)])),
      assignedUsers: detail.assigned_users,
      createdAt: detail.created_at,
      response: detail.response_received
        ? {
            by: detail.responded_by_user,
            at: detail.responded_at,
            chosenOptions: detail.chosen_options,
            paramsInput: detail.params_input,
          }
        : null,
    }),
  );

export const v2HitlDetailCollectionSchema = z.object({
  hitl_details: z.array(v2HitlDetailSchema),
  total_entries: countField,
});

/** `HITLDetailResponse`, the answer to a PATCH: what was chosen is required. */
export const v2HitlDetailResponseSchema = z
  .object({
    responded_by: hitlUserSchema.nullish().catch(null),
    responded_at: optionalText,
    chosen_options: z.array(z.string()),
    params_input: jsonObjectField,
  })
  .transform(
    (answer): HitlResponse => ({
      by: answer.responded_by ?? null,
      at: answer.responded_at,
      chosenOptions: answer.chosen_options,
      paramsInput: answer.params_input,
    }),
  );

/** A DAG of the DAG list; the rest of Airflow's fields are not needed to pick one. */
const v2DagSchema = z
  .object({ dag_id: z.string(), is_paused: z.boolean() })
  .transform((dag): DagSummary => ({ dagId: dag.dag_id, isPaused: dag.is_paused }));

export const v2DagCollectionSchema = z.object({
  dags: z.array(v2DagSchema),
  total_entries: countField,
});
