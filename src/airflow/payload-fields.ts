import { z } from 'zod';
import { BotError } from '../errors';
import { TASK_STATES, UNMAPPED, type DagRunState, type TaskState } from './model';

/**
 * Field parsers shared by both dialects. Identity fields (`task_id`, `dag_id`…) are required: a
 * payload without them is not what the route promises. Everything descriptive is lenient: missing,
 * `null` or of the wrong type, it becomes `null`, so one odd field never hides a task instance.
 */

/** A descriptive text: `null` when absent, empty or not a string. */
export const optionalText = z
  .string()
  .nullish()
  .catch(null)
  .transform((value) => (value === undefined || value === null || value === '' ? null : value));

/** A descriptive number: `null` when absent or not a finite number. */
export const optionalNumber = z
  .number()
  .nullish()
  .catch(null)
  .transform((value) => (typeof value === 'number' && Number.isFinite(value) ? value : null));

/** A count such as `try_number`: 0 when absent. */
export const countField = z
  .number()
  .int()
  .optional()
  .catch(undefined)
  .transform((value) => value ?? 0);

/** `map_index`: `-1` (not mapped) when absent. */
export const mapIndexField = z
  .number()
  .int()
  .optional()
  .catch(undefined)
  .transform((value) => value ?? UNMAPPED);

const TASK_STATE_SET: ReadonlySet<string> = new Set(TASK_STATES);
const DAG_RUN_STATES: ReadonlySet<string> = new Set<DagRunState>(['queued', 'running', 'success', 'failed']);

/** A task state; v1's `"none"`, `null` and anything unknown read as `null`. */
export const taskStateField = z.unknown().transform((value): TaskState | null =>
  typeof value === 'string' && TASK_STATE_SET.has(value) ? (value as TaskState) : null,
);

export const dagRunStateField = z.unknown().transform((value): DagRunState | null =>
  typeof value === 'string' && DAG_RUN_STATES.has(value) ? (value as DagRunState) : null,
);

/** Where a payload came from, for the message when it has the wrong shape. */
export interface PayloadSource {
  deploymentName: string;
  subject: string;
}

/**
 * Parses a response body with `schema`; a mismatch is an `unavailable` error naming the first bad
 * field ("task_instances.3.task_id: …"), never an exception from deep inside the mapping.
 */
export function parsePayload<T extends z.ZodType>(schema: T, body: unknown, source: PayloadSource): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return unexpectedShape(source, `${where}${issue?.message ?? 'invalid'}`, result.error);
}

function unexpectedShape(source: PayloadSource, problem: string, cause: unknown): never {
  throw new BotError(
    'unavailable',
    `${source.deploymentName}: Airflow's answer for ${source.subject} has an unexpected shape (${problem})`,
    { cause, details: { deployment: source.deploymentName } },
  );
}
