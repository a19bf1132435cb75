import type { AirflowClient } from '../airflow/client';
import type { TaskInstanceRef } from '../airflow/model';
import { ALERT_CAUSE_LIMITS } from '../logs/cause-selection';
import { excerptFromFeed, type LogFeed } from '../logs/log-pipeline';
import type { AlertCause } from './alert-state';

/** The last lines an alert shows when nothing in the log names a cause. */
const TAIL_LINES = 6;

/**
 * The cause for the alert message: the strongest lines of the failing try's log, chosen by the
 * same selection as View logs' "Why the task failed" (`selectCause`), only fewer of them; the last
 * lines when nothing names a cause. Read and masked by the same pipeline as View logs (streamed,
 * bounded, secrets masked before anything reaches Slack).
 */
export async function readCause(client: AirflowClient, ti: TaskInstanceRef & { tryNumber: number }): Promise<AlertCause> {
  const tryNumber = Math.max(ti.tryNumber, 1);
  const cause = await causeFromFeed((onLine) => client.readLog(ti, tryNumber, onLine), await client.credentialValues());
  return { tryNumber, ...cause };
}

/**
 * The alert's cause lines of a log read through `feed`, with their numbers.
 *
 * @example
 * await causeFromFeed((onLine) => readLogBody('text', body, onLine, DEFAULT_LOG_READ_LIMITS), []);
 * // { firstLineNumber: 31, lines: ["ValueError: …"], lineNumbers: [31], errorFound: true }
 */
export async function causeFromFeed(feed: LogFeed, knownSecrets: readonly string[]): Promise<Omit<AlertCause, 'tryNumber'>> {
  // The sections are only read for the last lines: no room is spent around the errors.
  const excerpt = await excerptFromFeed(feed, knownSecrets, {
    contextBefore: 0,
    contextAfter: 0,
    tailLines: TAIL_LINES,
    maxChars: ALERT_CAUSE_LIMITS.maxChars,
    cause: ALERT_CAUSE_LIMITS,
  });
  if (excerpt.cause.length > 0) {
    return {
      firstLineNumber: excerpt.cause[0]!.n,
      lines: excerpt.cause.map((line) => line.text),
      lineNumbers: excerpt.cause.map((line) => line.n),
      errorFound: true,
    };
  }
  const tail = excerpt.sections.findLast((section) => section.kind === 'tail');
  return { firstLineNumber: tail?.firstLineNumber ?? 1, lines: tail?.lines ?? [], errorFound: false };
}
