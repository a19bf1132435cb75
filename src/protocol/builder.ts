import { z } from 'zod';
import type { DagRunState, TaskState } from '../airflow/model';

/**
 * The command builder (`/airflow` with no words): the modal's ids, the values its menus carry, and
 * the questions the Slack-facing function asks the worker for the menus' options
 * (`OptionsRequest` → `OptionsAnswer`, answered synchronously, unlike a `WorkerJob`).
 */

/** The modal's `callback_id`. */
export const BUILDER_CALLBACK_ID = 'airflow_builder';

/** One `block_id` and one `action_id` per field (the same string: a field is one element). */
export const BUILDER_FIELDS = {
  deployment: 'builder_deployment',
  dag: 'builder_dag',
  run: 'builder_run',
  task: 'builder_task',
  action: 'builder_action',
  note: 'builder_note',
  /** Only when opened from the App Home: where the answer goes (a `conversations_select`). */
  channel: 'builder_channel',
} as const;
export type BuilderField = keyof typeof BUILDER_FIELDS;

/** What the modal can do with the task instance, each the same as a typed command. */
export const BUILDER_ACTIONS = {
  card: 'ti',
  logs: 'logs',
  markSuccess: 'mark_success',
  markFailed: 'mark_failed',
  clear: 'clear',
  note: 'note',
} as const;
export type BuilderAction = (typeof BUILDER_ACTIONS)[keyof typeof BUILDER_ACTIONS];

/** The run option that means "the newest run", as `latest` does in a typed command. */
export const LATEST_RUN_VALUE = 'latest';

/**
 * Values of options that are only notes ("type more", "pick a DAG first"). They begin with `~`,
 * which no DAG, run or task id can hold as a whole value here, so a submission can tell them apart.
 */
export const NOTE_OPTION_VALUES = {
  typeMore: '~type_more',
  loading: '~loading',
  pickFirst: '~pick_first',
  none: '~none',
  unavailable: '~unavailable',
} as const;

/** Whether an option's value is one of the notes above rather than an id. */
export function isNoteOptionValue(value: string): boolean {
  return value.startsWith('~');
}

/** Who asks: options are only listed for deployments this user may read. */
export interface OptionsRequester {
  userId: string;
  teamId?: string;
  channelId?: string;
}

/** A question for the worker, answered at once (the worker may call Airflow). */
export type OptionsQuery =
  | { kind: 'dags'; deployment: string }
  | { kind: 'runs'; deployment: string; dagId: string }
  /** `run`: a run id, or {@link LATEST_RUN_VALUE}. */
  | { kind: 'tasks'; deployment: string; dagId: string; run: string };

/** What the Slack-facing function sends the worker for options: the question and who asks. */
export interface OptionsRequest {
  kind: 'options';
  query: OptionsQuery;
  requester: OptionsRequester;
}

export interface DagOption {
  dagId: string;
  isPaused: boolean | null;
}

export interface RunOption {
  runId: string;
  state: DagRunState | null;
  logicalDate: string | null;
}

export interface TaskOption {
  taskId: string;
  mapIndex: number;
  state: TaskState | null;
}

/** The worker's answer; `refused` carries a short sentence for the user (no permission, Airflow down…). */
export type OptionsAnswer =
  | { kind: 'dags'; dags: DagOption[] }
  | { kind: 'runs'; runs: RunOption[] }
  | { kind: 'tasks'; runId: string; tasks: TaskOption[] }
  | { kind: 'refused'; message: string };

const requesterSchema = z.strictObject({ userId: z.string().min(1), teamId: z.string().optional(), channelId: z.string().optional() });
const idSchema = z.string().min(1).max(250);

const optionsRequestSchema = z.strictObject({
  kind: z.literal('options'),
  query: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('dags'), deployment: idSchema }),
    z.strictObject({ kind: z.literal('runs'), deployment: idSchema, dagId: idSchema }),
    z.strictObject({ kind: z.literal('tasks'), deployment: idSchema, dagId: idSchema, run: idSchema }),
  ]),
  requester: requesterSchema,
});

const optionsAnswerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('dags'), dags: z.array(z.strictObject({ dagId: z.string(), isPaused: z.boolean().nullable() })) }),
  z.strictObject({
    kind: z.literal('runs'),
    runs: z.array(z.strictObject({ runId: z.string(), state: z.string().nullable(), logicalDate: z.string().nullable() })),
  }),
  z.strictObject({
    kind: z.literal('tasks'),
    runId: z.string(),
    tasks: z.array(z.strictObject({ taskId: z.string(), mapIndex: z.int(), state: z.string().nullable() })),
  }),
  z.strictObject({ kind: z.literal('refused'), message: z.string() }),
]);

/** Whether a worker's input is an options request (anything else is a job). */
export function isOptionsRequest(input: unknown): boolean {
  return typeof input === 'object' && input !== null && (input as { kind?: unknown }).kind === 'options';
}

/**
 * Reads an options request as the worker receives it.
 * @throws `ZodError` when it is not one.
 */
export function parseOptionsRequest(input: unknown): OptionsRequest {
  return optionsRequestSchema.parse(input) as OptionsRequest;
}

/**
 * Reads the worker's answer as the Slack-facing function receives it (states are kept as Airflow
 * spelled them).
 * @throws `ZodError` when it is not one.
 */
export function parseOptionsAnswer(input: unknown): OptionsAnswer {
  return optionsAnswerSchema.parse(input) as OptionsAnswer;
}
