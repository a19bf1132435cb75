import { z } from 'zod';
import { NOTE_MAX_LENGTH } from '../airflow/model';
import { codePointLength } from '../audit/text-length';
import { checkedId } from '../protocol/checked-id';

/** The version of the payload below; a breaking change gets a new number and a new schema file. */
export const ACTION_PAYLOAD_VERSION = 1;

export const ACTION_NAMES = ['lookup', 'note', 'mark', 'clear'] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

const ID_RULE = 'must be 1-250 letters, digits, "_", "-" and "." (not "..")';

/** DAG and task ids as Airflow allows them (letters, digits, `_`, `-`, `.`); never a path step. */
const airflowId = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : ID_RULE) })
  .regex(/^[\p{L}\p{N}_.-]{1,250}$/u, { error: ID_RULE })
  .refine((id) => !id.includes('..'), { error: ID_RULE });

const RUN_RULE = 'must be a run id, "latest", or a logical date such as 2026-11-22 or 2026-11-22T06:00:00Z';

/**
 * A run id, `latest` or a logical date, exactly as typed in Slack (see `parseRunSpec`); as an id,
 * it passes the bot's one id check (well-formed, never a path step such as `%2e%2e`).
 */
const runField = checkedId(
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : RUN_RULE) })
    .min(1, { error: RUN_RULE })
    .max(250, { error: RUN_RULE })
    .regex(/^[^\p{Cc}\s]+$/u, { error: RUN_RULE })
    .refine((run) => run !== '.' && run !== '..', { error: RUN_RULE }),
);

const MAP_INDEX_RULE = 'must be a whole number from -1 up (-1: not mapped)';
const BOOLEAN_RULE = 'must be true or false';
const KEY_RULE = 'must be 1-256 printable ASCII characters without spaces';

/** Fields every action has: which task instance, and how to recognise a retry. */
const target = {
  version: z.literal(ACTION_PAYLOAD_VERSION, { error: `must be ${ACTION_PAYLOAD_VERSION}` }).optional(),
  deployment: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a deployment name') })
    .min(1, { error: 'must be a deployment name' })
    .max(64, { error: 'must be a deployment name' }),
  dag_id: airflowId,
  run: runField,
  task_id: airflowId,
  map_index: z.number({ error: MAP_INDEX_RULE }).int({ error: MAP_INDEX_RULE }).min(-1, { error: MAP_INDEX_RULE }).default(-1),
  idempotency_key: z
    .string({ error: KEY_RULE })
    .regex(/^[\x21-\x7e]{1,256}$/, { error: KEY_RULE })
    .optional()
    .describe('Makes a confirmed change apply once; the webhook-id header is used when absent.'),
};

const confirm = z
  .boolean({ error: BOOLEAN_RULE })
  .default(false)
  .describe('false (the default): a preview that changes nothing. true: apply.');

const NOTE_RULE = `must be 1 to ${NOTE_MAX_LENGTH} characters of text`;

export const lookupPayloadSchema = z.strictObject({
  action: z.literal('lookup'),
  ...target,
  try_number: z
    .number({ error: 'must be a whole number from 1 up' })
    .int({ error: 'must be a whole number from 1 up' })
    .min(1, { error: 'must be a whole number from 1 up' })
    .optional()
    .describe('The try whose log is excerpted; the latest when absent.'),
});

export const notePayloadSchema = z.strictObject({
  action: z.literal('note'),
  ...target,
  note: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : NOTE_RULE) })
    .refine((text) => text.trim().length > 0 && codePointLength(text) <= NOTE_MAX_LENGTH, { error: NOTE_RULE })
    .meta({ maxLength: NOTE_MAX_LENGTH, minLength: 1 }),
  confirm,
});

export const markPayloadSchema = z.strictObject({
  action: z.literal('mark'),
  ...target,
  state: z.enum(['success', 'failed'], {
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be success or failed'),
  }),
  downstream: z.boolean({ error: BOOLEAN_RULE }).default(false),
  upstream: z.boolean({ error: BOOLEAN_RULE }).default(false),
  confirm,
});

export const clearPayloadSchema = z.strictObject({
  action: z.literal('clear'),
  ...target,
  downstream: z.boolean({ error: BOOLEAN_RULE }).default(false),
  confirm,
});

/**
 * The body of `POST /actions/{source}`, version 1. The committed JSON Schema
 * (`schemas/webhook-action.v1.schema.json`) is generated from this by `npm run action-schema`
 * (`local/build/action-json-schema.ts`) and checked by a test.
 */
export const actionPayloadSchema = z.discriminatedUnion(
  'action',
  [lookupPayloadSchema, notePayloadSchema, markPayloadSchema, clearPayloadSchema],
  {
    error: (issue) =>
      issue.code === 'invalid_union' ? `must be one of ${ACTION_NAMES.join(', ')}` : undefined,
  },
);

export type ActionPayload = z.output<typeof actionPayloadSchema>;
export type MutationPayload = Exclude<ActionPayload, { action: 'lookup' }>;
