/**
 * v2 request bodies, as Airflow 3's pydantic models define them: no extra fields (so a `dry_run`
 * in a PATCH is a 422), and only success/failed/skipped accepted as a new state.
 */
import { z } from 'zod';

export const TASK_INSTANCE_STATES = [
  'removed',
  'scheduled',
  'queued',
  'running',
  'success',
  'restarting',
  'failed',
  'up_for_retry',
  'up_for_reschedule',
  'upstream_failed',
  'skipped',
  'deferred',
] as const;

const SETTABLE = ['success', 'failed', 'skipped'];
const flag = z.boolean().default(false);
const optionalDate = z.string().nullable().optional();
const optionalNumber = z.number().nullable().optional();
const optionalStrings = z.array(z.string()).nullable().optional();

export const patchTaskInstanceBody = z.strictObject({
  new_state: z
    .enum(TASK_INSTANCE_STATES)
    .nullable()
    .optional()
    .refine((state) => state === null || state === undefined || SETTABLE.includes(state), {
      error: (issue) => `'${String(issue.input)}' is not one of ${JSON.stringify(SETTABLE).replace(/"/g, "'").replace(/,/g, ', ')}`,
    }),
  note: z.string().max(1000).nullable().optional(),
  include_upstream: flag,
  include_downstream: flag,
  include_future: flag,
  include_past: flag,
});

export const clearTaskInstancesBody = z.strictObject({
  dry_run: z.boolean().default(true),
  start_date: optionalDate,
  end_date: optionalDate,
  only_failed: z.boolean().default(true),
  only_running: flag,
  reset_dag_runs: z.boolean().default(true),
  task_ids: z
    .array(z.union([z.string(), z.tuple([z.string(), z.number().int()])]))
    .nullable()
    .optional(),
  dag_run_id: z.string().nullable().optional(),
  include_upstream: flag,
  include_downstream: flag,
  include_future: flag,
  include_past: flag,
  run_on_latest_version: flag,
  prevent_running_task: flag,
});

const rangeFields = (name: string) => ({
  [`${name}_gte`]: optionalDate,
  [`${name}_gt`]: optionalDate,
  [`${name}_lte`]: optionalDate,
  [`${name}_lt`]: optionalDate,
});

export const taskInstancesBatchBody = z.strictObject({
  dag_ids: optionalStrings,
  dag_run_ids: optionalStrings,
  task_ids: optionalStrings,
  state: z.array(z.enum(TASK_INSTANCE_STATES).nullable()).nullable().optional(),
  ...rangeFields('run_after'),
  ...rangeFields('logical_date'),
  ...rangeFields('start_date'),
  ...rangeFields('end_date'),
  duration_gte: optionalNumber,
  duration_gt: optionalNumber,
  duration_lte: optionalNumber,
  duration_lt: optionalNumber,
  pool: optionalStrings,
  queue: optionalStrings,
  executor: optionalStrings,
  page_offset: z.number().int().min(0).default(0),
  page_limit: z.number().int().min(0).default(100),
  order_by: z.string().nullable().optional(),
});

/** `DAGRunsBatchBody` of `POST /api/v2/dags/~/dagRuns/list`. */
export const dagRunsBatchBody = z.strictObject({
  order_by: z.string().nullable().optional(),
  page_offset: z.number().int().min(0).default(0),
  page_limit: z.number().int().min(0).default(100),
  dag_ids: optionalStrings,
  states: z.array(z.enum(['queued', 'running', 'success', 'failed']).nullable()).nullable().optional(),
  ...rangeFields('run_after'),
  ...rangeFields('logical_date'),
  ...rangeFields('start_date'),
  ...rangeFields('end_date'),
  duration_gte: optionalNumber,
  duration_gt: optionalNumber,
  duration_lte: optionalNumber,
  duration_lt: optionalNumber,
  conf_contains: z.string().nullable().optional(),
});

/**
 * `UpdateHITLDetailPayload` of `PATCH …/hitlDetails`: a plain pydantic model, so a field it does
 * not know is ignored rather than refused.
 */
export const updateHitlDetailBody = z.object({
  chosen_options: z.array(z.string()).min(1),
  params_input: z.record(z.string(), z.unknown()).default({}),
});

export const loginBody = z.strictObject({
  username: z.string(),
  password: z.string(),
});
