import type { SnoozeChoice } from '../protocol/snooze-values';

const HOUR = 60 * 60 * 1000;

/** The time zone to use: the user's when it is one `Intl` knows, UTC otherwise. */
export function knownTimeZone(timeZone: string | undefined): string {
  if (timeZone === undefined || timeZone === '') return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/**
 * When a snooze chosen from the alert's menu ends: in an hour, in four hours, or tomorrow at 9:00
 * in `timeZone` (the clicking user's, from Slack's `users.info`).
 *
 * @example
 * snoozeEnd('tomorrow', Date.parse('2026-11-23T23:30:00Z'), 'Europe/Paris'); // 2026-11-25T08:00:00Z: it is already the 24th in Paris
 */
export function snoozeEnd(choice: SnoozeChoice, now: number, timeZone: string): number {
  if (choice === '1h') return now + HOUR;
  if (choice === '4h') return now + 4 * HOUR;
  const zone = knownTimeZone(timeZone);
  const today = wallClock(now, zone);
  // 9:00 tomorrow as if the zone were UTC, then moved by the zone's offset at that time (checked
  // again at the result, for a change of daylight saving time between now and then).
  const wall = Date.UTC(today.year, today.month - 1, today.day + 1, 9, 0);
  let instant = wall - offsetAt(wall, zone);
  instant = wall - offsetAt(instant, zone);
  return instant;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: number, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}

/** How far the zone's clocks are ahead of UTC at `instant` (milliseconds). */
function offsetAt(instant: number, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * When a snooze ends, for a message: the time in `timeZone`, with the day when it is not today.
 *
 * @example
 * describeSnoozeEnd(Date.parse('2026-11-24T08:00:00Z'), Date.parse('2026-11-23T15:00:00Z'), 'Europe/Paris'); // 'Tue 24 Nov 09:00 (Europe/Paris)'
 */
export function describeSnoozeEnd(until: number, now: number, timeZone: string): string {
  const zone = knownTimeZone(timeZone);
  const sameDay = new Intl.DateTimeFormat('en-CA', { timeZone: zone, dateStyle: 'short' });
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(until));
  const day =
    sameDay.format(new Date(until)) === sameDay.format(new Date(now))
      ? ''
      : `${new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(until))} `;
  return `${day}${time} (${zone})`;
}
