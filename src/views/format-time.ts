import { escapeMrkdwn } from './mrkdwn-escape';

/**
 * Times for display. Dates become Slack date tokens, so each reader sees them in their own time
 * zone, with a UTC fallback for clients that cannot render them. Durations of things still
 * running are measured against an injected `now` (milliseconds since the epoch).
 */

/** An unparseable time is shown as it came, up to this length. */
const RAW_TIME_MAX = 60;

/** Shown for a time or duration that is unknown. */
export const UNKNOWN = '—';

/**
 * A timestamp as mrkdwn: `<!date^1714521600^{date_short_pretty} {time_secs}|2024-05-01 00:00:00 UTC>`.
 * An unparseable string is shown as it came (escaped).
 *
 * @example
 * formatTimestamp('2024-05-01T00:00:00+00:00')
 */
export function formatTimestamp(iso: string | null): string {
  if (iso === null) return UNKNOWN;
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) return escapeMrkdwn(iso, RAW_TIME_MAX);
  const seconds = Math.floor(millis / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time_secs}|${utcText(millis)}>`;
}

/**
 * A time of day as mrkdwn, in the reader's time zone: `<!date^1714566840^{time}|12:34 UTC>`.
 *
 * @example
 * formatClockTime(Date.parse('2024-05-01T12:34:00Z')) // '<!date^1714566840^{time}|12:34 UTC>'
 */
export function formatClockTime(millis: number): string {
  return `<!date^${Math.floor(millis / 1000)}^{time}|${new Date(millis).toISOString().slice(11, 16)} UTC>`;
}

/** `2024-05-01 12:34:56 UTC`: plain text, for the notification fallback. */
export function utcText(millis: number): string {
  return `${new Date(millis).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * A duration in words at a useful precision: `0.4s`, `42s`, `5m 03s`, `2h 07m`, `3d 04h`.
 *
 * @example
 * formatDuration(303) // '5m 03s'
 */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return UNKNOWN;
  if (seconds < 10) return `${Math.round(seconds * 10) / 10}s`;
  const total = Math.round(seconds);
  if (total < 60) return `${total}s`;
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (days > 0) return `${days}d ${pad(hours)}h`;
  if (hours > 0) return `${hours}h ${pad(minutes)}m`;
  return `${minutes}m ${pad(secs)}s`;
}

export interface Timed {
  startDate: string | null;
  endDate: string | null;
  durationSeconds?: number | null;
}

/**
 * How long something took, or has taken so far: Airflow's own duration when it gives one, else
 * end − start, else now − start with "so far" for what has not ended.
 */
export function formatElapsed(timed: Timed, now: number): string {
  if (timed.durationSeconds !== undefined && timed.durationSeconds !== null) {
    return formatDuration(timed.durationSeconds);
  }
  const start = timed.startDate === null ? Number.NaN : Date.parse(timed.startDate);
  if (Number.isNaN(start)) return UNKNOWN;
  if (timed.endDate === null) return `${formatDuration(Math.max(0, now - start) / 1000)} so far`;
  const end = Date.parse(timed.endDate);
  return Number.isNaN(end) ? UNKNOWN : formatDuration((end - start) / 1000);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
