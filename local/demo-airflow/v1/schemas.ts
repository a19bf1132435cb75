/**
 * v1 request bodies. Airflow 2 reads them with marshmallow, which refuses unknown fields, so these
 * are strict too: a client that sends a field Airflow 2 does not know finds out here.
 */
import { z } from 'zod';

const settableState = z.enum(['success', 'failed', 'skipped']);
const flag = z.boolean().default(false);

export const updateTaskInstanceBody = z.strictObject({
  dry_run: z.boolean().default(true),
  new_state: settableState,
});

export const updateTaskInstancesStateBody = z.strictObject({
  dry_run: z.boolean().default(true),
  task_id: z.string(),
  execution_date: z.string().optional(),
  dag_run_id: z.string().optional(),
  include_upstream: flag,
  include_downstream: flag,
  include_future: flag,
  include_past: flag,
  new_state: settableState,
});

export const clearTaskInstancesBody = z.strictObject({
  dry_run: z.boolean().default(true),
  task_ids: z.array(z.string()).min(1).optional(),
  start_date: z.string().optional(),
  end_date: z.string().optional(),
  only_failed: z.boolean().default(true),
  only_running: flag,
  include_subdags: flag,
  include_parentdag: flag,
  reset_dag_runs: z.boolean().default(true),
  dag_run_id: z.string().nullable().optional(),
  include_upstream: flag,
  include_downstream: flag,
  include_future: flag,
  include_past: flag,
});

export const setNoteBody = z.strictObject({
  note: z.string().max(1000, 'Longer than maximum length 1000.').nullable(),
});

const strings = z.array(z.string()).optional();

export const listTaskInstancesBody = z.strictObject({
  page_offset: z.number().int().min(0).default(0),
  page_limit: z.number().int().min(1).default(100),
  dag_ids: strings,
  dag_run_ids: strings,
  task_ids: strings,
  execution_date_gte: z.string().optional(),
  execution_date_lte: z.string().optional(),
  start_date_gte: z.string().optional(),
  start_date_lte: z.string().optional(),
  end_date_gte: z.string().optional(),
  end_date_lte: z.string().optional(),
  duration_gte: z.number().optional(),
  duration_lte: z.number().optional(),
  state: z.array(z.string().nullable()).optional(),
  pool: strings,
  queue: strings,
  executor: strings,
});

/** `ListDagRunsForm` of `POST /dags/~/dagRuns/list`. */
export const listDagRunsBody = z.strictObject({
  order_by: z.string().optional(),
  page_offset: z.number().int().min(0).default(0),
  page_limit: z.number().int().min(1).default(100),
  dag_ids: strings,
  states: strings,
  execution_date_gte: z.string().optional(),
  execution_date_lte: z.string().optional(),
  start_date_gte: z.string().optional(),
  start_date_lte: z.string().optional(),
  end_date_gte: z.string().optional(),
  end_date_lte: z.string().optional(),
});
