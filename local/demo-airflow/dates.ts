/** Date spellings of the two API dialects, and the run ids Airflow derives from dates. */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** `2026-11-22T00:00:00+00:00`, or with microseconds when there are any (Python's `isoformat`). */
export function pythonIsoDate(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  const millis = epochMs % 1000;
  const withoutFraction = iso.slice(0, 19);
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}000`;
  return `${withoutFraction}${fraction}+00:00`;
}

/** v1 (marshmallow) spelling: Python's `isoformat` with `+00:00`. */
export function v1Date(epochMs: number | null): string | null {
  return epochMs === null ? null : pythonIsoDate(epochMs);
}

/** v2 (pydantic) spelling: `Z` for UTC, microseconds only when there are any. */
export function v2Date(epochMs: number | null): string | null {
  return epochMs === null ? null : pythonIsoDate(epochMs).replace('+00:00', 'Z');
}

/** `scheduled__2026-11-22T00:00:00+00:00`, as Airflow names runs. */
export function runIdFor(runType: 'scheduled' | 'manual', logicalDate: number): string {
  return `${runType}__${pythonIsoDate(logicalDate)}`;
}

/** The start of the UTC day (or hour…) that holds `epochMs`. */
export function floorTo(epochMs: number, unitMs: number): number {
  return Math.floor(epochMs / unitMs) * unitMs;
}

/** Parses an ISO 8601 date-time from a query or body; `undefined` when it is not one. */
export function parseIsoDate(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return undefined;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : parsed;
}
