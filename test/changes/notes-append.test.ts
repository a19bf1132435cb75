import type { TaskInstanceRef } from '../../src/airflow/model';
import { BotError } from '../../src/errors';
import { appendToNote } from '../../src/changes/append-to-note';
import { createMemoryNoteLease, type NoteLease } from '../../src/changes/note-lease';
import { FakeAirflowClient, failedTaskInstance } from '../helpers/fake-airflow-client';

const ENTRY = '🤖 Cleared by @alice from Slack (2026-11-23 09:00 UTC)';

/** Airflow where someone else rewrites the note right after each of the bot's first `racesLost` writes. */
class RacingAirflow extends FakeAirflowClient {
  constructor(private racesLost: number) {
    super('prod', [failedTaskInstance({ note: 'Known flaky upstream' })]);
  }

  override async setNote(ref: TaskInstanceRef, note: string): Promise<void> {
    await super.setNote(ref, note);
    if (this.racesLost > 0) {
      this.racesLost -= 1;
      this.stored(ref).note = 'Rewritten in the Airflow UI';
    }
  }
}

function recordingLease() {
  const memory = createMemoryNoteLease();
  const keys: string[] = [];
  const lease: NoteLease = {
    acquire: (key, owner, ttl) => {
      keys.push(key);
      return memory.acquire(key, owner, ttl);
    },
    release: (key, owner) => memory.release(key, owner),
  };
  return { lease, keys };
}

const ref = (): TaskInstanceRef => {
  const ti = failedTaskInstance();
  return { dagId: ti.dagId, runId: ti.runId, taskId: ti.taskId, mapIndex: ti.mapIndex };
};

describe('appendToNote', () => {
  it('appends the entry below the note under the note lease of the task instance, and says it was written', async () => {
    const airflow = new RacingAirflow(0);
    const { lease, keys } = recordingLease();
    expect(await appendToNote({ noteLease: lease }, airflow, ref(), 'ti-key', { kind: 'bot', text: ENTRY })).toEqual({
      outcome: 'written',
      note: `Known flaky upstream\n${ENTRY}`,
    });
    expect(airflow.stored(ref()).note).toBe(`Known flaky upstream\n${ENTRY}`);
    expect(keys).toEqual(['note:ti-key']);
    expect(airflow.calls.map((call) => call.method)).toEqual(['getTaskInstance', 'setNote', 'getTaskInstance']);
  });

  it('finds its entry again although trailing spaces were trimmed when it was written', async () => {
    const airflow = new RacingAirflow(0);
    expect(await appendToNote({ noteLease: createMemoryNoteLease() }, airflow, ref(), 'k', { kind: 'user', text: 'looked at it \n ' })).toEqual({
      outcome: 'written',
      note: 'Known flaky upstream\nlooked at it',
    });
    expect(airflow.mutatingCalls).toEqual(['setNote']);
    expect(airflow.stored(ref()).note).toBe('Known flaky upstream\nlooked at it');
  });

  it('writes again after losing a race with another writer, on the note as it now is', async () => {
    const airflow = new RacingAirflow(2);
    expect(await appendToNote({ noteLease: createMemoryNoteLease() }, airflow, ref(), 'k', { kind: 'bot', text: ENTRY })).toMatchObject({ outcome: 'written' });
    expect(airflow.mutatingCalls).toEqual(['setNote', 'setNote', 'setNote']);
    expect(airflow.stored(ref()).note).toBe(`Rewritten in the Airflow UI\n${ENTRY}`);
  });

  it('gives up after three lost races, naming the task instance', async () => {
    const airflow = new RacingAirflow(3);
    const error = (await appendToNote({ noteLease: createMemoryNoteLease() }, airflow, ref(), 'k', { kind: 'bot', text: ENTRY }).catch(
      (e: unknown) => e,
    )) as BotError;
    expect(error).toBeInstanceOf(BotError);
    expect(error.kind).toBe('unavailable');
    expect(error.userMessage).toBe('The note kept changing while it was being written. Try again in a moment.');
    expect(error.details).toEqual({ dagId: ref().dagId, runId: ref().runId, taskId: ref().taskId });
    expect(airflow.mutatingCalls).toEqual(['setNote', 'setNote', 'setNote']);
  });

  it('writes nothing and says full when only other people’s text would have to go', async () => {
    const airflow = new RacingAirflow(0);
    const full = 'x'.repeat(1000);
    airflow.stored(ref()).note = full;
    expect(await appendToNote({ noteLease: createMemoryNoteLease() }, airflow, ref(), 'k', { kind: 'bot', text: ENTRY })).toEqual({ outcome: 'full' });
    expect(airflow.mutatingCalls).toEqual([]);
    expect(airflow.stored(ref()).note).toBe(full);
  });

  it('writes the entry alone on a task instance without a note', async () => {
    const airflow = new RacingAirflow(0);
    airflow.stored(ref()).note = null;
    expect(await appendToNote({ noteLease: createMemoryNoteLease() }, airflow, ref(), 'k', { kind: 'bot', text: ENTRY })).toMatchObject({ outcome: 'written' });
    expect(airflow.stored(ref()).note).toBe(ENTRY);
  });
});
