import { z } from 'zod';
import { BotError } from '../errors';
import { BUTTON_VALUE_MAX_LENGTH, decodeAddress, encodeAddress } from './button-values';
import type { TaskInstanceAddress } from './interaction-types';

/**
 * What the buttons of a human-in-the-loop request message carry. A request is named by its task
 * instance and when it was made (`createdAt`): a later try of the same task makes a new request,
 * and a button of the old one must not answer it.
 */

/** `action_id`s of a human-in-the-loop message and its form. */
export const HITL_ACTION_IDS = {
  /** One button per option, when one option is chosen and there are no params: the click is the answer. */
  option: 'hitl_option',
  /** The checkboxes of a `multiple` request: a tick only needs an acknowledgement; Submit reads them. */
  choices: 'hitl_choices',
  /** Submit under the checkboxes: the ticked options are the answer. */
  submit: 'hitl_submit',
  /** A request with params: opens the form (options and params) in a modal. */
  openForm: 'hitl_open_form',
} as const;

/**
 * The option buttons' `action_id`s: Slack wants each `action_id` of a block to be unique, so each
 * option has its own (`hitl_option:0`); the option's index travels in the button's value.
 */
export const HITL_OPTION_ACTION_PATTERN = /^hitl_option(:\d+)?$/;

/** `block_id` of the checkboxes of a `multiple` request, so Submit finds them in the message's state. */
export const HITL_CHOICES_BLOCK_ID = 'hitl_choices';

/** `callback_id` of the human-in-the-loop form (modal). */
export const HITL_FORM_CALLBACK_ID = 'hitl_form';

/** A human-in-the-loop request as a button names it: its task instance and when it was made. */
export interface HitlRequestAddress {
  address: TaskInstanceAddress;
  /** The request's `created_at`, as Airflow sent it. */
  createdAt: string;
}

/** A button's value: the request, and for an option button the index of its option. */
export interface HitlButtonValue extends HitlRequestAddress {
  option?: number;
}

const extraSchema = z.strictObject({
  c: z.string().min(1).max(64),
  o: z.int().min(0).max(999).optional(),
});

/**
 * Encodes a request (and an option's index) for a button's `value`: the task instance's address as
 * `encodeAddress` writes it, with `c` (created at) and `o` (option) beside it.
 *
 * @throws `BotError('invalid')` when it would not fit in a Slack button.
 * @example
 * encodeHitlValue({ address, createdAt: '2026-12-06T09:00:00Z', option: 0 });
 */
export function encodeHitlValue(value: HitlButtonValue): string {
  const address = JSON.parse(encodeAddress(value.address)) as Record<string, unknown>;
  const encoded = JSON.stringify({ ...address, c: value.createdAt, ...(value.option === undefined ? {} : { o: value.option }) });
  if (encoded.length > BUTTON_VALUE_MAX_LENGTH) {
    throw new BotError('invalid', `The ids of this request are too long for a Slack button (${encoded.length} characters encoded).`);
  }
  return encoded;
}

/**
 * Reads back a value made by {@link encodeHitlValue}.
 *
 * @throws `BotError('invalid')` for anything malformed.
 */
export function decodeHitlValue(value: string): HitlButtonValue {
  if (value.length > BUTTON_VALUE_MAX_LENGTH) throw damaged('too long');
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch (error) {
    throw damaged('not JSON', error);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw damaged('not an object');
  const { c, o, ...address } = json as Record<string, unknown>;
  const extra = extraSchema.safeParse(o === undefined ? { c } : { c, o });
  if (!extra.success) throw damaged('created at or option', extra.error);
  return {
    address: decodeAddress(JSON.stringify(address)),
    createdAt: extra.data.c,
    ...(extra.data.o === undefined ? {} : { option: extra.data.o }),
  };
}

function damaged(reason: string, cause?: unknown): BotError {
  return new BotError('invalid', 'This button is damaged or out of date. Run `/airflow pending` to get a fresh one.', {
    ...(cause === undefined ? {} : { cause }),
    details: { reason },
  });
}
