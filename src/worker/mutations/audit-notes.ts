import type { AirflowClient } from '../../airflow/client';
import type { TaskInstanceRef } from '../../airflow/model';
import { appendAuditLine } from '../../audit/audit-note';
import type { Logger } from '../../logging/logger';

/** More changed task instances than this get no note each: the audit log line still names the action. */
const MAX_AUDIT_NOTES = 50;
const AUDIT_NOTE_CONCURRENCY = 5;

/**
 * Records an action in Airflow itself: the audit line is appended to each changed task instance's
 * note (kept within Airflow's 1000 characters). A note that cannot be written is logged, not fatal:
 * the change it records has already happened.
 */
export async function writeAuditNotes(
  client: AirflowClient,
  refs: TaskInstanceRef[],
  line: string,
  logger: Logger,
): Promise<number> {
  let written = 0;
  const queue = refs.slice(0, MAX_AUDIT_NOTES);
  const writeNext = async (): Promise<void> => {
    for (let ref = queue.shift(); ref !== undefined; ref = queue.shift()) {
      try {
        const current = await client.getTaskInstance(ref);
        await client.setNote(ref, appendAuditLine(current.note, line));
        written += 1;
      } catch (error) {
        logger.warn({ err: error, dagId: ref.dagId, runId: ref.runId, taskId: ref.taskId }, 'could not write the audit note');
      }
    }
  };
  // A few at a time: 50 notes one by one against a slow Airflow would outlast the worker.
  await Promise.all(Array.from({ length: AUDIT_NOTE_CONCURRENCY }, writeNext));
  return written;
}
