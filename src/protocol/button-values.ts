import { z } from 'zod';
import { isEscapingId } from '../airflow/api-path';
import { TASK_STATES, type TaskAction } from '../airflow/model';
import { BotError } from '../errors';
import type { PendingAction, TaskInstanceAddress } from './interaction-types';

/**
 * The codec for button `value`s: compact JSON with one-letter keys, validated with zod when it
 * comes back (Slack signs the request, but the value is still input). Every encoded value fits in
 * Slack's 2000 characters or the encoder throws, so a card never carries a button Slack would reject.
 */

/** Slack's limit on a button's `value`. */
export const BUTTON_VALUE_MAX_LENGTH = 2000;

/** Airflow's limit on DAG, task and run ids (`ID_LEN`). */
const AIRFLOW_ID_MAX_LENGTH = 250;
const DEPLOYMENT_NAME_MAX_LENGTH = 100;
const PREVIEW_ID_MAX_LENGTH = 128;

/** Bumped when the layout changes, so buttons left in old messages are refused, not misread. */
const FORMAT_VERSION = 1;

// `.` and `..` (plain or percent-encoded) would leave their path segment in Airflow's API.
const airflowId = z
  .string()
  .min(1)
  .max(AIRFLOW_ID_MAX_LENGTH)
  .refine((id) => !isEscapingId(id), { error: 'must not be . or ..' });
const nonNegativeInt = z.int().min(0);

/** `0`/`1` instead of `false`/`true`: five characters saved per flag. */
const flag = z.union([z.literal(0), z.literal(1)]);

const addressShape = {
  v: z.literal(FORMAT_VERSION),
  d: z.string().min(1).max(DEPLOYMENT_NAME_MAX_LENGTH),
  g: airflowId,
  r: airflowId,
  t: airflowId,
  m: z.int().min(-1),
  n: nonNegativeInt.optional(),
};

const addressSchema = z.strictObject(addressShape);
type EncodedAddress = z.infer<typeof addressSchema>;

/** `a` is the action: a state to set, or `clear`. */
const pendingSchema = z.strictObject({
  ...addressShape,
  p: z
    .string()
    .min(1)
    .max(PREVIEW_ID_MAX_LENGTH)
    .regex(/^[A-Za-z0-9_-]+$/),
  a: z.enum(['success', 'failed', 'skipped', 'clear']),
  u: flag,
  w: flag,
  s: z.enum(TASK_STATES).nullable(),
  e: nonNegativeInt,
});
type EncodedPending = z.infer<typeof pendingSchema>;

const DAMAGED_MESSAGE = 'This button is damaged or out of date. Run the command again to get a fresh one.';

/**
 * Encodes where a task instance is, for the `value` of its buttons.
 *
 * @throws `BotError('invalid')` when an id is empty or longer than Airflow allows, or when the
 * encoded value would not fit in a Slack button.
 * @example
 * encodeAddress({ deployment: 'prod', dagId: 'etl', runId: 'manual__1', taskId: 'load', mapIndex: -1 })
 * // '{"v":1,"d":"prod","g":"etl","r":"manual__1","t":"load","m":-1}'
 */
export function encodeAddress(address: TaskInstanceAddress): string {
  return encodeChecked(addressSchema, toEncodedAddress(address), 'task instance');
}

/**
 * Reads back a value made by {@link encodeAddress}.
 *
 * @throws `BotError('invalid')` for anything malformed: not JSON, unknown or missing keys, ids
 * out of bounds, another format version, too long.
 */
export function decodeAddress(value: string): TaskInstanceAddress {
  return fromEncodedAddress(decodeChecked(addressSchema, value));
}

/**
 * Encodes a previewed action for the `value` of its Confirm button.
 *
 * @throws `BotError('invalid')` when a field is out of bounds or the value would not fit in a Slack button.
 * @example
 * encodePendingAction({
 *   previewId: 'p1',
 *   target: { deployment: 'prod', dagId: 'etl', runId: 'r1', taskId: 'load', mapIndex: -1 },
 *   action: { kind: 'clear', includeUpstream: false, includeDownstream: true },
 *   expectedState: 'failed',
 *   expectedTry: 2,
 * })
 */
export function encodePendingAction(pending: PendingAction): string {
  const { action } = pending;
  const encoded: EncodedPending = {
    ...toEncodedAddress(pending.target),
    p: pending.previewId,
    a: action.kind === 'clear' ? 'clear' : action.newState,
    u: action.includeUpstream ? 1 : 0,
    w: action.includeDownstream ? 1 : 0,
    s: pending.expectedState,
    e: pending.expectedTry,
  };
  return encodeChecked(pendingSchema, encoded, 'action');
}

/**
 * Reads back a value made by {@link encodePendingAction}.
 *
 * @throws `BotError('invalid')` for anything malformed.
 */
export function decodePendingAction(value: string): PendingAction {
  const decoded = decodeChecked(pendingSchema, value);
  const includeUpstream = decoded.u === 1;
  const includeDownstream = decoded.w === 1;
  const action: TaskAction =
    decoded.a === 'clear'
      ? { kind: 'clear', includeUpstream, includeDownstream }
      : { kind: 'set_state', newState: decoded.a, includeUpstream, includeDownstream };
  return {
    previewId: decoded.p,
    target: fromEncodedAddress(decoded),
    action,
    expectedState: decoded.s,
    expectedTry: decoded.e,
  };
}

function toEncodedAddress(address: TaskInstanceAddress): EncodedAddress {
  const encoded: EncodedAddress = {
    v: FORMAT_VERSION,
    d: address.deployment,
    g: address.dagId,
    r: address.runId,
    t: address.taskId,
    m: address.mapIndex,
  };
  // Left out rather than sent as null: an absent try costs nothing.
  if (address.tryNumber !== undefined) encoded.n = address.tryNumber;
  return encoded;
}

function fromEncodedAddress(encoded: EncodedAddress): TaskInstanceAddress {
  const address: TaskInstanceAddress = {
    deployment: encoded.d,
    dagId: encoded.g,
    runId: encoded.r,
    taskId: encoded.t,
    mapIndex: encoded.m,
  };
  if (encoded.n !== undefined) address.tryNumber = encoded.n;
  return address;
}

/** Validates before encoding, so nothing is sent that {@link decodeChecked} would refuse. */
function encodeChecked<T>(schema: z.ZodType<T>, encoded: T, what: string): string {
  const parsed = schema.safeParse(encoded);
  if (!parsed.success) {
    throw new BotError('invalid', `This ${what} cannot be put on a Slack button: ${describeIssue(parsed.error)}.`, {
      cause: parsed.error,
    });
  }
  const value = JSON.stringify(parsed.data);
  if (value.length > BUTTON_VALUE_MAX_LENGTH) {
    throw new BotError(
      'invalid',
      `The ids of this ${what} are too long for a Slack button (${value.length} characters encoded; Slack allows ${BUTTON_VALUE_MAX_LENGTH}).`,
      { details: { encodedLength: value.length } },
    );
  }
  return value;
}

function decodeChecked<T>(schema: z.ZodType<T>, value: string): T {
  // Checked before parsing: a huge value is refused without spending time on it.
  if (value.length > BUTTON_VALUE_MAX_LENGTH) {
    throw new BotError('invalid', DAMAGED_MESSAGE, { details: { reason: 'too long', length: value.length } });
  }
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch (error) {
    throw new BotError('invalid', DAMAGED_MESSAGE, { cause: error, details: { reason: 'not JSON' } });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new BotError('invalid', DAMAGED_MESSAGE, {
      cause: parsed.error,
      details: { reason: describeIssue(parsed.error) },
    });
  }
  return parsed.data;
}

/** Names the first bad field, never its value (it may be long or hostile). */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid value';
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'value';
  return `${KEY_NAMES[field] ?? field}: ${issue.message}`;
}

const KEY_NAMES: Readonly<Record<string, string>> = {
  v: 'format version',
  d: 'deployment',
  g: 'DAG id',
  r: 'run id',
  t: 'task id',
  m: 'map index',
  n: 'try number',
  p: 'preview id',
  a: 'action',
  u: 'include upstream',
  w: 'include downstream',
  s: 'expected state',
  e: 'expected try',
};
