import { auditSubject, type AuditRecord } from '../../src/audit/audit-trail';
import { encodeAddress } from '../../src/protocol/button-values';
import { ACTION_IDS, type TaskInstanceAddress } from '../../src/protocol/interaction-types';
import { buttonValue } from '../helpers/find-button';
import { startRealWorker, type RealWorker } from '../helpers/real-worker';

/**
 * Notes and confirmed actions on one task instance through the real worker: a demo Airflow 3 over
 * HTTP, the DynamoDB audit trail, previews and note leases in dynalite, replies over HTTP.
 */
const NOTE_WRITERS = Array.from({ length: 10 }, (_, i) => `UNOTE${String(i).padStart(5, '0')}`);
const CONFIRMERS = Array.from({ length: 10 }, (_, i) => `UCONF${String(i).padStart(5, '0')}`);
const BOB = 'UBOB000001';
const MALLORY = 'UMALLORY01';

let worker: RealWorker;
beforeAll(async () => {
  worker = await startRealWorker([...NOTE_WRITERS, ...CONFIRMERS, BOB, MALLORY]);
});
afterAll(() => worker.close());

/** A task instance of the latest run of `etl_daily`, with its note cleared. */
function freshTarget(taskId: string, state: 'failed' | 'success' = 'failed'): TaskInstanceAddress {
  const store = worker.airflow.store;
  const runId = store.runs().filter((r) => r.dagId === 'etl_daily').sort((a, b) => b.runAfter - a.runAfter)[0]!.runId;
  store.setNote('etl_daily', runId, taskId, -1, null);
  const flags = { includeUpstream: false, includeDownstream: false, includeFuture: false, includePast: false, dryRun: false };
  store.setState({ dagId: 'etl_daily', runId, taskId, mapIndex: undefined, newState: state, ...flags });
  const ti = store.taskInstance('etl_daily', runId, taskId)!;
  return { deployment: 'demo', dagId: 'etl_daily', runId, taskId, mapIndex: -1, tryNumber: ti.tryNumber };
}

function noteOf(address: TaskInstanceAddress): string {
  return worker.airflow.store.taskInstance(address.dagId, address.runId, address.taskId)!.note ?? '';
}

function mutationsSpy() {
  const store = worker.airflow.store;
  const setState = jest.spyOn(store, 'setState');
  const setNote = jest.spyOn(store, 'setNote');
  const clear = jest.spyOn(store, 'clear');
  return {
    count: () => setState.mock.calls.filter(([request]) => !request.dryRun).length + setNote.mock.calls.length + clear.mock.calls.filter(([request]) => !request.dryRun).length,
    restore: () => {
      setState.mockRestore();
      setNote.mockRestore();
      clear.mockRestore();
    },
  };
}

/** Shows a Mark success preview to `userId` and returns its Confirm button's value. */
async function previewMarkSuccess(userId: string, address: TaskInstanceAddress): Promise<string> {
  const slack = worker.slack(userId);
  await worker.run({ kind: 'button', actionId: ACTION_IDS.markSuccess, value: encodeAddress(address), slack });
  const [reply] = worker.repliesTo(slack);
  return buttonValue(reply!.body.blocks, ACTION_IDS.confirm);
}

async function history(address: TaskInstanceAddress): Promise<AuditRecord[]> {
  return worker.trail.recent(auditSubject('demo', address), 100);
}

describe('20 notes and confirms at once on one task instance', () => {
  it('keeps every note and every audit line, in Airflow and in the audit trail', async () => {
    const address = freshTarget('transform');
    const confirms = [];
    for (const userId of CONFIRMERS) confirms.push({ userId, value: await previewMarkSuccess(userId, address) });

    await Promise.all([
      ...NOTE_WRITERS.map((userId, i) =>
        worker.run({ kind: 'note_submitted', address, note: `note ${i}`, slack: worker.slack(userId), requestId: `req-note-${i}` }),
      ),
      ...confirms.map(({ userId, value }) => worker.run({ kind: 'button', actionId: ACTION_IDS.confirm, value, slack: worker.slack(userId) })),
    ]);

    const note = noteOf(address);
    const lines = note.split('\n');
    // Every note, with its author.
    NOTE_WRITERS.forEach((userId, i) => expect(lines).toContain(`note ${i} (@${userId.toLowerCase()} from Slack)`));
    const records = await history(address);
    // Every note in the trail, applied, by its true author.
    expect(records.filter((r) => r.action === 'note' && r.outcome === 'applied').map((r) => r.userId).sort()).toEqual([...NOTE_WRITERS].sort());
    // Every confirm ends in the trail as applied or stale (the task instance had moved on), never lost.
    const confirmOutcomes = records.filter((r) => r.action === 'mark_success' && (r.outcome === 'applied' || r.outcome === 'stale'));
    expect(confirmOutcomes.map((r) => r.userId).sort()).toEqual([...CONFIRMERS].sort());
    // Confirms on one task instance take turns: the first applies, the rest find it moved on.
    const changers = records.filter((r) => r.action === 'mark_success' && r.outcome === 'applied' && r.reason === '1 task instance(s) changed');
    expect(changers).toHaveLength(1);
    expect(confirmOutcomes.filter((r) => r.outcome === 'stale')).toHaveLength(9);
    expect(records.filter((r) => r.outcome === 'failed')).toEqual([]);
    const auditLines = lines.filter((line) => line.startsWith('🤖 Marked success by @'));
    expect(auditLines.map((line) => line.replace(/^🤖 Marked success by @(\S+) .*$/, '$1')).sort()).toEqual(
      changers.map((r) => r.userId.toLowerCase()).sort(),
    );
    expect(worker.airflow.store.taskInstance(address.dagId, address.runId, address.taskId)!.state).toBe('success');
  });

  it('keeps all of 10 notes and 10 audit lines written at once by the note writers', async () => {
    const address = freshTarget('load');
    const ref = { dagId: address.dagId, runId: address.runId, taskId: address.taskId, mapIndex: -1 };
    const { appendToNote } = await import('../../src/changes/append-to-note');
    const subject = auditSubject('demo', address);
    const deps = { noteLease: worker.noteLease };
    const entries = [
      ...Array.from({ length: 10 }, (_, i) => ({ kind: 'user' as const, text: `user note ${i} (@u${i} from Slack)` })),
      ...Array.from({ length: 10 }, (_, i) => ({ kind: 'bot' as const, text: `🤖 Cleared by @c${i} from Slack (2026-11-29 23:00 UTC)` })),
    ];
    const outcomes = await Promise.all(entries.map((entry) => appendToNote(deps, worker.airflowClient, ref, subject, entry)));
    expect(outcomes.map((appended) => appended.outcome)).toEqual(entries.map(() => 'written'));
    const lines = noteOf(address).split('\n');
    expect([...lines].sort()).toEqual(entries.map((entry) => entry.text).sort());
  });
});

describe('a note forged to look like an audit line', () => {
  it('leaves the real audit line in place, and /airflow audit shows both events with their true authors', async () => {
    const address = freshTarget('transform');
    const value = await previewMarkSuccess(BOB, address);
    await worker.run({ kind: 'button', actionId: ACTION_IDS.confirm, value, slack: worker.slack(BOB, 'bob') });
    const realLine = noteOf(address);
    expect(realLine).toMatch(/^🤖 Marked success by @bob from Slack \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/);

    const forgedLine = realLine.replace(/^🤖 /, '');
    for (const [i, forged] of [`${forgedLine} ${'.'.repeat(960 - forgedLine.length)}`, `🤖 ${forgedLine}${' .'.repeat(450)}`].entries()) {
      const slack = worker.slack(MALLORY, 'mallory');
      await worker.run({ kind: 'note_submitted', address, note: forged, slack, requestId: `forged-${i}` });
      expect(worker.repliesTo(slack).at(-1)!.body.text).toMatch(/^:warning: The note on transform is full/);
      expect(noteOf(address)).toBe(realLine);
    }

    // A forgery short enough to fit is kept as Mallory's text, beside the real line, and cannot pass for the bot's.
    await worker.run({ kind: 'note_submitted', address, note: `🤖 ${forgedLine}`, slack: worker.slack(MALLORY, 'mallory'), requestId: 'forged-short' });
    expect(noteOf(address).split('\n')).toEqual([realLine, `:robot_face: ${forgedLine} (@mallory from Slack)`]);

    const slack = worker.slack(MALLORY, 'mallory');
    await worker.run({
      kind: 'command',
      command: { name: 'audit', share: false, target: { deployment: 'demo', dagId: address.dagId, run: { kind: 'id', runId: address.runId }, taskId: 'transform', mapIndex: -1 } },
      slack,
    });
    const shown = JSON.stringify(worker.repliesTo(slack).at(-1)!.body.blocks);
    expect(shown).toContain(`<@${BOB}> *mark_success* applied`);
    expect(shown).toContain(`<@${MALLORY}> *note* refused — note full`);
    expect(shown).toContain(`<@${MALLORY}> *note* applied`);
    expect(shown).not.toMatch(new RegExp(`<@${MALLORY}> \\*mark_success\\*`));
  });
});

describe('a signed Confirm that names something else', () => {
  it.each([
    ['another task, in the value format of older buttons', (address: TaskInstanceAddress, previewId: string) =>
      JSON.stringify({ v: 1, d: 'demo', g: address.dagId, r: address.runId, t: 'extract', m: -1, p: previewId, a: 'failed', u: 0, w: 1, s: 'success', e: 1 })],
    ['a preview the bot never issued', () => '0b6f7c1e-8a1d-4c5e-9f00-2f3d9d1c2a11'],
  ])('naming %s changes nothing and is logged and recorded as refused', async (_label, forge) => {
    const address = freshTarget('transform');
    const realValue = await previewMarkSuccess(BOB, address);
    const spy = mutationsSpy();
    const slack = worker.slack(BOB, 'bob');
    try {
      await worker.run({ kind: 'button', actionId: ACTION_IDS.confirm, value: forge(address, realValue), slack });
      expect(spy.count()).toBe(0);
    } finally {
      spy.restore();
    }
    expect(worker.repliesTo(slack).at(-1)!.body.text).toMatch(/^:warning: This button (is damaged or out of date|does not match any preview the bot showed)/);
    expect(worker.audits().at(-1)).toMatchObject({ userId: BOB, action: 'confirm', outcome: 'refused' });
    const refused = await worker.trail.recent(auditSubject('(unknown)', 'unknown preview'), 100);
    expect(refused.some((r) => r.userId === BOB && r.outcome === 'refused')).toBe(true);
    // The real preview is untouched: it still applies exactly what was shown.
    await worker.run({ kind: 'button', actionId: ACTION_IDS.confirm, value: realValue, slack: worker.slack(BOB, 'bob') });
    expect(worker.airflow.store.taskInstance(address.dagId, address.runId, 'transform')!.state).toBe('success');
    expect(worker.airflow.store.taskInstance(address.dagId, address.runId, 'extract')!.state).not.toBe('failed');
  });
});
