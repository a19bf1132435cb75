import { z } from 'zod';
import { BotError } from '../errors';
import { checkedId } from './checked-id';

/** The choices of the alert's Snooze menu: an hour, four hours, or until 9:00 tomorrow in the clicker's time zone. */
export const SNOOZE_CHOICES = ['1h', '4h', 'tomorrow'] as const;
export type SnoozeChoice = (typeof SNOOZE_CHOICES)[number];

const MINUTE = 60_000;
const UNIT_MS = { m: MINUTE, h: 60 * MINUTE, d: 24 * 60 * MINUTE } as const;
/** The shortest snooze. */
export const SNOOZE_MIN_MS = MINUTE;
/** The longest snooze: a DAG silenced for longer should be paused in Airflow instead. */
export const SNOOZE_MAX_MS = 7 * UNIT_MS.d;

/**
 * A typed duration in milliseconds: a whole number and a unit, `m`, `h` or `d` (`30m`, `4h`, `2d`),
 * from one minute to seven days. `undefined` for anything else.
 *
 * @example
 * parseSnoozeDuration('90m'); // 5_400_000
 */
export function parseSnoozeDuration(text: string): number | undefined {
  const match = /^(\d{1,5})([mhd])$/i.exec(text.trim());
  if (match === null) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2]!.toLowerCase() as keyof typeof UNIT_MS];
  return ms >= SNOOZE_MIN_MS && ms <= SNOOZE_MAX_MS ? ms : undefined;
}

/** Slack's limit on an overflow option's `value`. */
const OPTION_VALUE_MAX_LENGTH = 150;

const snoozeValueSchema = z.strictObject({
  v: z.literal(1),
  d: z.string().min(1).max(100),
  g: checkedId(z.string().min(1).max(250)),
  s: z.enum(SNOOZE_CHOICES),
});

/** What a Snooze menu option carries: the DAG (the alert's run is the message clicked) and the choice. */
export interface SnoozeOption {
  deployment: string;
  dagId: string;
  choice: SnoozeChoice;
}

/**
 * The value of one option of the alert's Snooze menu, or `undefined` when the ids do not fit in
 * Slack's 150 characters (the alert then has no menu; `/airflow snooze` still works).
 *
 * @example
 * encodeSnoozeOption({ deployment: 'prod', dagId: 'etl', choice: '4h' }); // '{"v":1,"d":"prod","g":"etl","s":"4h"}'
 */
export function encodeSnoozeOption(option: SnoozeOption): string | undefined {
  const value = JSON.stringify({ v: 1, d: option.deployment, g: option.dagId, s: option.choice });
  return value.length <= OPTION_VALUE_MAX_LENGTH && snoozeValueSchema.safeParse(JSON.parse(value)).success ? value : undefined;
}

/**
 * Reads back a value made by {@link encodeSnoozeOption}.
 *
 * @throws `BotError('invalid')` for anything else.
 */
export function decodeSnoozeOption(value: string): SnoozeOption {
  let json: unknown;
  try {
    json = value.length <= OPTION_VALUE_MAX_LENGTH ? JSON.parse(value) : undefined;
  } catch {
    json = undefined;
  }
  const parsed = snoozeValueSchema.safeParse(json);
  if (!parsed.success) throw new BotError('invalid', 'This Snooze menu is damaged or out of date. Use `/airflow snooze` instead.');
  return { deployment: parsed.data.d, dagId: parsed.data.g, choice: parsed.data.s };
}
