import { idProblem, isEscapingId } from '../airflow/api-path';
import type { RunSpec } from './command';
import { showTyped } from '../views/show-typed';

/** The outcome of reading one part of a command: the value, or what was wrong with it (mrkdwn). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * Why a typed id is refused by the bot's one id check (`idProblem`), said to the user, or
 * `undefined` for an id that may be sent to Airflow.
 */
export function idRefusal(word: string): string | undefined {
  if (idProblem(word) === undefined) return undefined;
  return isEscapingId(word) ? '`.` and `..` name no DAG, run or task.' : 'it is not well-formed text.';
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads the `<run>` word: `latest`, a date or date-time (UTC unless it has an offset), or else a
 * run id. Only a word that is a date and nothing else counts as a date: `scheduled__2026-11-22…`
 * is a run id. A word shaped like a date that is not one (`2026-02-30`) is an error, not a run id.
 *
 * @example
 * parseRunSpec('2026-11-22'); // { ok: true, value: { kind: 'date', date: 2026-11-22T00:00:00.000Z } }
 */
export function parseRunSpec(word: string): Parsed<RunSpec> {
  if (word.toLowerCase() === 'latest') return { ok: true, value: { kind: 'latest' } };
  const date = DATE.exec(word);
  if (date) return toDate(word, [date[1], date[2], date[3]]);
  const dateTime = DATE_TIME.exec(word);
  if (dateTime) {
    const [, year, month, day, hour, minute, second, fraction, offset] = dateTime;
    return toDate(word, [year, month, day, hour, minute, second, fraction], offset);
  }
  const refusal = idRefusal(word);
  if (refusal !== undefined) return { ok: false, problem: `${showTyped(word)} is not a run: ${refusal}` };
  return { ok: true, value: { kind: 'id', runId: word } };
}

function toDate(word: string, parts: (string | undefined)[], offset?: string): Parsed<RunSpec> {
  const [year, month, day, hour = 0, minute = 0, second = 0] = parts.slice(0, 6).map((part) => Number(part ?? '0'));
  const milliseconds = Number((parts[6] ?? '').padEnd(3, '0').slice(0, 3));
  const offsetMinutes = parseOffset(offset);
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetMinutes !== undefined;
  if (!valid) return { ok: false, problem: `\`${word}\` looks like a date but is not a valid one.` };
  return { ok: true, value: { kind: 'date', date: new Date(utcMillis(year, month, day, hour, minute, second, milliseconds) - offsetMinutes * 60_000) } };
}

/** Minutes east of UTC; `undefined` for an impossible offset such as `+25:00`. */
function parseOffset(offset: string | undefined): number | undefined {
  if (offset === undefined || offset.toUpperCase() === 'Z') return 0;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 23 || minutes > 59) return undefined;
  return (offset.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMillis(year, month + 1, 0)).getUTCDate();
}

/** Like `Date.UTC`, without its reading of years 0–99 as 1900–1999. */
function utcMillis(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}
