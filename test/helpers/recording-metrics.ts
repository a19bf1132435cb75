import type { BotMetrics } from '../../src/metrics/bot-metrics';

/** One call to a {@link BotMetrics} method, as recorded. */
export type RecordedMetric = { method: Exclude<keyof BotMetrics, 'flush'>; args: (string | number)[] };

/** A `BotMetrics` that keeps its calls in `calls`, and counts the flushes. */
export function recordingMetrics(): BotMetrics & { calls: RecordedMetric[]; flushes: number } {
  const calls: RecordedMetric[] = [];
  const record =
    (method: RecordedMetric['method']) =>
    (...args: (string | number)[]) => {
      calls.push({ method, args });
    };
  const metrics = {
    calls,
    flushes: 0,
    eventAccepted: record('eventAccepted'),
    eventRefused: record('eventRefused'),
    alertPosted: record('alertPosted'),
    alertEdited: record('alertEdited'),
    eventToSlack: record('eventToSlack'),
    acknowledged: record('acknowledged'),
    airflowError: record('airflowError'),
    flush() {
      metrics.flushes += 1;
    },
  };
  return metrics;
}
