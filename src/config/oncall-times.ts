/**
 * The times of the on-call loop an alert route may set: `remindAfter` (a duration) and `digest` (a
 * time of day in a time zone). Parsed once, when the registry is read; time zones are checked with
 * `Intl`, so any zone the runtime knows (IANA names, `UTC`) is accepted and nothing is bundled.
 */

/** When a route's daily digest is due: a wall-clock time in a time zone. */
export interface DigestSchedule {
  hour: number;
  minute: number;
  /** An IANA time zone name as `Intl` knows it (`Europe/Berlin`, `UTC`). */
  timeZone: string;
  /** As written (`09:00 Europe/Berlin`), for messages and the once-a-day mark. */
  text: string;
}

/** The longest `remindAfter`: the on-call loop looks back this far for alerts to remind about. */
export const REMIND_AFTER_MAX_MS = 24 * 60 * 60 * 1000;

export const REMIND_AFTER_RULE = 'must be a duration such as 30m, 2h or 1h30m, from 1m to 24h';
export const DIGEST_RULE = 'must be a time and a time zone such as "09:00 Europe/Berlin" (24-hour HH:MM, an IANA zone)';

/**
 * `30m`, `2h`, `1h30m` in milliseconds; `undefined` when it is not such a duration or is outside
 * 1 minute to 24 hours.
 *
 * @example
 * parseRemindAfter('1h30m') // 5_400_000
 */
export function parseRemindAfter(text: string): number | undefined {
  const match = /^(?:(\d{1,2})h)?(?:(\d{1,4})m)?$/.exec(text.trim());
  if (match === null || (match[1] === undefined && match[2] === undefined)) return undefined;
  const ms = (Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 60_000;
  return ms >= 60_000 && ms <= REMIND_AFTER_MAX_MS ? ms : undefined;
}

/**
 * `09:00 Europe/Berlin` as a schedule; `undefined` when the time is not a 24-hour `HH:MM` or the
 * zone is unknown to `Intl`.
 *
 * @example
 * parseDigestSchedule('09:00 Europe/Berlin') // { hour: 9, minute: 0, timeZone: 'Europe/Berlin', text: '09:00 Europe/Berlin' }
 */
export function parseDigestSchedule(text: string): DigestSchedule | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)\s+(\S+)$/.exec(text.trim());
  if (match === null) return undefined;
  const timeZone = canonicalTimeZone(match[3]!);
  if (timeZone === undefined) return undefined;
  return { hour: Number(match[1]), minute: Number(match[2]), timeZone, text: `${match[1]}:${match[2]} ${timeZone}` };
}

function canonicalTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The wall-clock date and minute of the day at `instant` in `timeZone`. */
export interface LocalTime {
  /** `2024-05-01` */
  date: string;
  /** Minutes since local midnight. */
  minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The local date and time at `instant` in `timeZone`, from `Intl` (daylight saving included).
 *
 * @example
 * localTime(Date.UTC(2024, 6, 1, 7, 30), 'Europe/Berlin') // { date: '2024-07-01', minuteOfDay: 570 }
 */
export function localTime(instant: number, timeZone: string): LocalTime {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute) };
}
