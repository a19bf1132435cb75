import type { AirflowClient } from '../airflow/client';
import type { TaskInstanceRef } from '../airflow/model';
import { buildLogExcerpt, ERROR_SECTION_TITLE } from '../logs/excerpt';
import type { AlertCause } from './alert-state';

/** The alert reads this much of a log at most: the cause is near the error, not gigabytes in. */
const MAX_LOG_PAGES = 5;
const MAX_LOG_LINES = 20_000;

/**
 * The cause for the alert message: the exception line of the failing try with a few lines around
 * it, chosen by the same excerpt code as View logs (the last lines when no error line is found).
 */
export async function readCause(client: AirflowClient, ti: TaskInstanceRef & { tryNumber: number }): Promise<AlertCause> {
  const tryNumber = Math.max(ti.tryNumber, 1);
  const lines: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_LOG_PAGES && lines.length < MAX_LOG_LINES; page += 1) {
    const result = await client.getLogPage(ti, tryNumber, token);
    lines.push(...result.lines);
    if (!result.continuationToken || result.lines.length === 0) break;
    token = result.continuationToken;
  }
  const excerpt = buildLogExcerpt(lines, { contextBefore: 3, contextAfter: 4, tailLines: 6, maxChars: 1200 });
  const section = excerpt.sections.find((candidate) => candidate.title === ERROR_SECTION_TITLE) ?? excerpt.sections.at(-1);
  return {
    tryNumber,
    firstLineNumber: section?.firstLineNumber ?? 1,
    lines: section?.lines ?? [],
    errorFound: excerpt.errorFound,
  };
}
