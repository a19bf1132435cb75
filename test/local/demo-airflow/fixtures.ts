/** A fixed instant for the demo's seed, and the run ids it produces from it. */
export const DEMO_NOW = Date.parse('2026-11-22T12:20:00Z');

export const ETL_LATEST = 'scheduled__2026-11-21T00:00:00+00:00';
export const ETL_OLDEST = 'scheduled__2026-11-19T00:00:00+00:00';
export const ML_LATEST = 'manual__2026-11-22T11:30:00+00:00';
export const REPORTS_LATEST = 'scheduled__2026-11-22T10:00:00+00:00';
export const FANOUT_RUN = 'scheduled__2026-11-21T00:00:00+00:00';
/** Airflow 3 demos only: the runs whose human-in-the-loop tasks wait (deferred) for an answer. */
export const RELEASE_LATEST = 'manual__2026-11-22T11:45:00+00:00';
export const RELEASE_EARLIER = 'manual__2026-11-15T12:00:00+00:00';
export const BACKFILL_RUN = 'scheduled__2026-11-21T00:00:00+00:00';

/** A clock the test can move. */
export function movableClock(start = DEMO_NOW): { clock: () => number; advance(ms: number): void } {
  let now = start;
  return {
    clock: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}
