import type { TaskInstance, TaskInstanceRef } from '../../src/airflow/model';
import { auditSubject } from '../../src/audit/audit-trail';
import { createMemoryNoteLease, type NoteLease } from '../../src/changes/note-lease';
import { writeAuditNotes } from '../../src/changes/audit-notes';
import { collectingLogger } from '../audit/collecting-logger';
import { FakeAirflowClient, failedTaskInstance } from '../helpers/fake-airflow-client';

const LINE = '🤖 Cleared by @alice from Slack (2026-11-23 09:00 UTC)';
const FULL = 'x'.repeat(1000);

/** Airflow that counts how many reads are in flight at once. */
class CountingAirflow extends FakeAirflowClient {
  inFlight = 0;
  mostInFlight = 0;

  override async getTaskInstance(ref: TaskInstanceRef): Promise<TaskInstance> {
    this.inFlight += 1;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 2));
    this.inFlight -= 1;
    return super.getTaskInstance(ref);
  }
}

function tasks(count: number, overrides: (index: number) => Partial<TaskInstance> = () => ({})): TaskInstance[] {
  return Array.from({ length: count }, (_, index) => failedTaskInstance({ taskId: `t${index}`, ...overrides(index) }));
}

const refOf = (ti: TaskInstance): TaskInstanceRef => ({ dagId: ti.dagId, runId: ti.runId, taskId: ti.taskId, mapIndex: ti.mapIndex });

function setUp(tis: TaskInstance[]) {
  const airflow = new CountingAirflow('prod', tis);
  const { logger, lines } = collectingLogger();
  const memory = createMemoryNoteLease();
  const keys: string[] = [];
  const noteLease: NoteLease = {
    acquire: (key, owner, ttl) => {
      keys.push(key);
      return memory.acquire(key, owner, ttl);
    },
    release: (key, owner) => memory.release(key, owner),
  };
  return { airflow, lines, keys, deps: { noteLease, logger } };
}

describe('writeAuditNotes', () => {
  it('writes the line on the note of one changed task instance, under that task instance’s note lease', async () => {
    const [ti] = tasks(1);
    const { airflow, deps, keys } = setUp([ti!]);
    expect(await writeAuditNotes(deps, airflow, 'prod', [refOf(ti!)], LINE)).toEqual({ written: 1, full: 0, failed: 0, notAttempted: 0, notices: [] });
    expect(airflow.stored(ti!).note).toBe(LINE);
    expect(keys).toEqual([`note:${auditSubject('prod', { deployment: 'prod', ...refOf(ti!) })}`]);
  });

  it('says a single note was full, or could not be written, in words for one task instance', async () => {
    const [full] = tasks(1, () => ({ note: FULL }));
    const one = setUp([full!]);
    expect(await writeAuditNotes(one.deps, one.airflow, 'prod', [refOf(full!)], LINE)).toEqual({
      written: 0,
      full: 1,
      failed: 0,
      notAttempted: 0,
      notices: ['audit note skipped: note full — kept in the audit trail'],
    });

    const missing = setUp([]);
    const ref = refOf(failedTaskInstance());
    expect(await writeAuditNotes(missing.deps, missing.airflow, 'prod', [ref], LINE)).toEqual({
      written: 0,
      full: 0,
      failed: 1,
      notAttempted: 0,
      notices: ['audit note could not be written in Airflow — kept in the audit trail'],
    });
    expect(missing.lines).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'could not write the audit note', dagId: ref.dagId, runId: ref.runId, taskId: ref.taskId }),
    ]);
  });

  it('counts each outcome over several task instances and says how many fell short', async () => {
    const tis = tasks(5, (index) => (index < 2 ? { note: FULL } : {}));
    const { airflow, deps } = setUp(tis.slice(0, 4));
    const result = await writeAuditNotes(deps, airflow, 'prod', tis.map(refOf), LINE);
    expect(result).toEqual({
      written: 2,
      full: 2,
      failed: 1,
      notAttempted: 0,
      notices: [
        'audit note skipped on 2 task instances: note full — kept in the audit trail',
        'audit note could not be written on 1 task instances — kept in the audit trail',
      ],
    });
  });

  it('writes the first 50 notes only, five at a time, and says the rest are in the audit trail', async () => {
    const tis = tasks(52);
    const { airflow, deps } = setUp(tis);
    const result = await writeAuditNotes(deps, airflow, 'prod', tis.map(refOf), LINE);
    expect(result).toEqual({
      written: 50,
      full: 0,
      failed: 0,
      notAttempted: 2,
      notices: ['audit notes written on the first 50 task instances only — all are in the audit trail'],
    });
    expect(airflow.stored(tis[49]!).note).toBe(LINE);
    expect(airflow.stored(tis[50]!).note).toBeNull();
    expect(airflow.mostInFlight).toBe(5);
  });

  it('writes exactly 50 notes without a notice', async () => {
    const tis = tasks(50);
    const { airflow, deps } = setUp(tis);
    expect(await writeAuditNotes(deps, airflow, 'prod', tis.map(refOf), LINE)).toEqual({ written: 50, full: 0, failed: 0, notAttempted: 0, notices: [] });
  });
});
