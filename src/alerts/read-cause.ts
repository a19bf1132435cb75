import type { AirflowClient } from '../airflow/client';
import type { TaskInstanceRef } from '../airflow/model';
import { excerptFromFeed } from '../logs/log-pipeline';
import type { AlertCause } from './alert-state';

/**
 * The cause for the alert message: the excerpt's first section — why the task failed, how it
 * ended, or the last lines when nothing stands out — read and masked by the same code as View logs
 * (streamed, bounded, secrets masked before anything reaches Slack).
 */
export async function readCause(client: AirflowClient, ti: TaskInstanceRef & { tryNumber: number }): Promise<AlertCause> {
  const tryNumber = Math.max(ti.tryNumber, 1);
  const excerpt = await excerptFromFeed(
    (onLine) => client.readLog(ti, tryNumber, onLine),
    await client.credentialValues(),
    { contextBefore: 3, contextAfter: 4, tailLines: 6, maxChars: 1200 },
  );
  const section = excerpt.sections[0];
  return {
    tryNumber,
    firstLineNumber: section?.firstLineNumber ?? 1,
    lines: section?.lines ?? [],
    errorFound: excerpt.errorFound,
  };
}
