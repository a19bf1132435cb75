import type { AirflowClient } from '../airflow/client';
import type { TaskInstanceRef } from '../airflow/model';
import { composeNote, type NoteEntryKind } from '../audit/audit-note';
import { BotError } from '../errors';
import { withLease, type LeaseDeps } from './with-lease';

/** Writes that lost a race with someone outside the lease (the Airflow UI) are tried again this often. */
const WRITE_ATTEMPTS = 3;

export type NoteWriterDeps = LeaseDeps;

/**
 * What became of an append: written and read back (with the note as read back), or not written
 * because only others' text was left to drop.
 */
export type AppendOutcome = { outcome: 'written'; note: string | null } | { outcome: 'full' };

/**
 * Appends `entry` to a task instance's note in Airflow: under the note's lease, read, append (see
 * {@link composeNote}), write, and read back to check the entry is there; a lost race (the note
 * changed between the write and the read back) is tried again. Airflow's note is a copy for people
 * looking at Airflow; the audit trail is the record.
 *
 * @param leaseKey the task instance's key (its audit subject), shared by every writer of this note.
 * @throws `BotError('unavailable')` when the lease stays busy or the write keeps losing races; the
 * errors of the Airflow client as they are.
 */
export async function appendToNote(
  deps: NoteWriterDeps,
  client: AirflowClient,
  ref: TaskInstanceRef,
  leaseKey: string,
  entry: { kind: NoteEntryKind; text: string },
): Promise<AppendOutcome> {
  return withLease(deps, `note:${leaseKey}`, async () => {
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt += 1) {
      const current = await client.getTaskInstance(ref);
      const note = composeNote(current.note, entry.text, entry.kind);
      if (note === undefined) return { outcome: 'full' };
      await client.setNote(ref, note);
      const written = await client.getTaskInstance(ref);
      if ((written.note ?? '').includes(entry.text.replace(/\s+$/, ''))) return { outcome: 'written', note: written.note };
    }
    throw new BotError('unavailable', 'The note kept changing while it was being written. Try again in a moment.', {
      details: { dagId: ref.dagId, runId: ref.runId, taskId: ref.taskId },
    });
  });
}
