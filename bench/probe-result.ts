/** Begins the probe's result line, told apart from the log lines of the handler. */
export const RESULT_MARKER = 'cold-start-probe:';

/** What one cold start cost, as printed by the probe. */
export interface ProbeResult {
  requireMs: number;
  firstCallMs: number;
  /** `statusCode` of an HTTP answer; `null` for a handler that returns nothing (the worker). */
  status: number | null;
  /** Peak resident memory of the process, in MiB. */
  peakRssMb: number;
}
