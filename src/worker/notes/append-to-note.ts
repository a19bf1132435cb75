import { randomUUID } from 'node:crypto';
import type { AirflowClient } from '../../airflow/client';
import type { TaskInstanceRef } from '../../airflow/model';
import { composeNote, type NoteEntryKind } from '../../audit/audit-note';
import { BotError } from '../../errors';
import type { NoteLease } from './note-lease';

/** Long enough for a read, a write and a read back against a slow Airflow; short enough that a crashed writer is soon replaced. */
const LEASE_TTL_MS = 15_000;
/** How often a writer asks for a busy lease before giving up (about 20 seconds of waiting). */
const LEASE_ATTEMPTS = 400;
const LEASE_RETRY_MS = 50;
/** Writes that lost a race with someone outside the lease (the Airflow UI) are tried again this often. */
const WRITE_ATTEMPTS = 3;

export interface NoteWriterDeps {
  noteLease: NoteLease;
  /** Waits between lease attempts; a timer in production. */
  sleep?: (ms: number) => Promise<void>;
}

/** What became of an append: written and read back, or not written because only others' text was left to drop. */
export type AppendOutcome = 'written' | 'full';

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
  return withLease(deps, leaseKey, async () => {
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt += 1) {
      const current = await client.getTaskInstance(ref);
      const note = composeNote(current.note, entry.text, entry.kind);
      if (note === undefined) return 'full';
      await client.setNote(ref, note);
      const written = await client.getTaskInstance(ref);
      if ((written.note ?? '').includes(entry.text.replace(/\s+$/, ''))) return 'written';
    }
    throw new BotError('unavailable', 'The note kept changing while it was being written. Try again in a moment.', {
      details: { dagId: ref.dagId, runId: ref.runId, taskId: ref.taskId },
    });
  });
}

async function withLease<T>(deps: NoteWriterDeps, key: string, work: () => Promise<T>): Promise<T> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const owner = randomUUID();
  for (let attempt = 0; !(await deps.noteLease.acquire(`note:${key}`, owner, LEASE_TTL_MS)); attempt += 1) {
    if (attempt + 1 >= LEASE_ATTEMPTS) {
      throw new BotError('unavailable', 'Someone else is writing this note right now. Try again in a moment.', {
        details: { reason: 'note lease busy' },
      });
    }
    // Jitter, so writers that collided once do not collide again in step.
    await sleep(LEASE_RETRY_MS / 2 + Math.random() * LEASE_RETRY_MS);
  }
  try {
    return await work();
  } finally {
    await deps.noteLease.release(`note:${key}`, owner);
  }
}
