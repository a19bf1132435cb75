import type { AirflowClient } from '../airflow/client';
import type { TaskInstanceRef } from '../airflow/model';
import { auditSubject } from '../audit/audit-trail';
import type { Logger } from '../logging/logger';
import { appendToNote, type NoteWriterDeps } from './append-to-note';

/** More changed task instances than this get no note each: the audit trail still names the action. */
const MAX_AUDIT_NOTES = 50;
const AUDIT_NOTE_CONCURRENCY = 5;

/** How the audit notes of one action went, and what to tell the user about it. */
export interface AuditNotesResult {
  written: number;
  /** Not written: the note held only other people's text and no room for the line. */
  full: number;
  /** Not written: Airflow (or the lease) failed. */
  failed: number;
  /** Not attempted: beyond the first {@link MAX_AUDIT_NOTES}. */
  notAttempted: number;
  /** Sentences for the user, one per kind of shortfall; empty when every note was written. */
  notices: string[];
}

/**
 * Copies an action into Airflow itself: the audit line is appended to each changed task instance's
 * note (see `appendToNote`: under the note's lease, read back to verify). A note that cannot be
 * written is logged and reported, not fatal: the change has happened and the audit trail has it.
 */
export async function writeAuditNotes(
  deps: NoteWriterDeps & { logger: Logger },
  client: AirflowClient,
  deploymentName: string,
  refs: readonly TaskInstanceRef[],
  line: string,
): Promise<AuditNotesResult> {
  const result: AuditNotesResult = { written: 0, full: 0, failed: 0, notAttempted: Math.max(0, refs.length - MAX_AUDIT_NOTES), notices: [] };
  const queue = refs.slice(0, MAX_AUDIT_NOTES);
  const writeNext = async (): Promise<void> => {
    for (let ref = queue.shift(); ref !== undefined; ref = queue.shift()) {
      try {
        const subject = auditSubject(deploymentName, { deployment: deploymentName, ...ref });
        const { outcome } = await appendToNote(deps, client, ref, subject, { kind: 'bot', text: line });
        result[outcome] += 1;
      } catch (error) {
        result.failed += 1;
        deps.logger.warn({ err: error, dagId: ref.dagId, runId: ref.runId, taskId: ref.taskId }, 'could not write the audit note');
      }
    }
  };
  // A few at a time: 50 notes one by one against a slow Airflow would outlast the worker.
  await Promise.all(Array.from({ length: AUDIT_NOTE_CONCURRENCY }, writeNext));
  const several = refs.length > 1;
  if (result.full > 0) {
    result.notices.push(
      several
        ? `audit note skipped on ${result.full} task instances: note full — kept in the audit trail`
        : 'audit note skipped: note full — kept in the audit trail',
    );
  }
  if (result.failed > 0) {
    result.notices.push(
      several
        ? `audit note could not be written on ${result.failed} task instances — kept in the audit trail`
        : 'audit note could not be written in Airflow — kept in the audit trail',
    );
  }
  if (result.notAttempted > 0) {
    result.notices.push(`audit notes written on the first ${MAX_AUDIT_NOTES} task instances only — all are in the audit trail`);
  }
  return result;
}
