import { mutatingRequests, READER_SECRET, startActionsFixture, type ActionsFixture } from './actions-fixture';

/**
 * `POST /actions/{source}` through the real handler: signed requests, both demo Airflows, the
 * idempotency store in an in-process DynamoDB engine.
 */
describe.each(['v1', 'v2'] as const)('webhook actions against the Airflow %s demo', (dialect) => {
  let fixture: ActionsFixture;
  const deployment = `demo-${dialect}`;
  const target = { deployment, dag_id: 'etl_daily', run: 'latest', task_id: 'transform' };
  const store = () => fixture.airflow[dialect].store;
  const latestRunId = () =>
    store()
      .runs()
      .filter((run) => run.dagId === 'etl_daily')
      .sort((a, b) => b.runAfter - a.runAfter)[0]!.runId;
  const ti = (taskId = 'transform') => store().taskInstance('etl_daily', latestRunId(), taskId)!;

  beforeAll(async () => {
    fixture = await startActionsFixture();
  });
  afterAll(() => fixture.close());
  beforeEach(() => {
    fixture.airflow.v1.store.reset();
    fixture.airflow.v2.store.reset();
    fixture.sent.length = 0;
    fixture.logLines.length = 0;
  });

  describe('lookup', () => {
    it('returns the task instance, its tries and the log excerpt around the failure', async () => {
      const { status, body } = await fixture.send({ action: 'lookup', ...target });
      expect(status).toBe(200);
      expect(body).toMatchObject({
        action: 'lookup',
        deployment,
        task_instance: { dag_id: 'etl_daily', run_id: latestRunId(), task_id: 'transform', map_index: -1, state: 'failed', try_number: 2 },
        log_excerpt: { try_number: 2, error_found: true },
      });
      expect((body.tries as unknown[]).length).toBe(2);
      const excerpt = body.log_excerpt as { cause: { line_number: number; text: string }[]; sections: { title: string; lines: string[] }[] };
      expect(excerpt.cause.map((line) => line.text)).toEqual([
        "ValueError: Column 'order_total' has 42 null values in the orders_daily partition; refusing to write",
      ]);
      expect(excerpt.sections[0]?.title).toBe('Around the failure');
      expect((body.links as { log: string }).log).toContain(fixture.airflow[dialect].url);
      expect(mutatingRequests(fixture.sent)).toEqual([]);
    });

    it('leaves one audit line naming the source and the task instance asked for', async () => {
      await fixture.send({ action: 'lookup', ...target });
      expect(fixture.logLines.filter((line) => line.msg === 'audit')).toEqual([
        expect.objectContaining({
          level: 'info',
          userId: 'source:dq-monitor',
          deployment,
          action: 'lookup',
          target: { deployment, dagId: 'etl_daily', runId: 'latest', taskId: 'transform', mapIndex: -1 },
          outcome: 'allowed',
        }),
      ]);
    });

    it('is allowed to a source with only the read permission', async () => {
      const { status } = await fixture.send({ action: 'lookup', ...target }, { source: 'reader', secret: READER_SECRET });
      expect(status).toBe(200);
    });

    it('answers 404 for a task that does not exist', async () => {
      const { status, body } = await fixture.send({ action: 'lookup', ...target, task_id: 'no_such_task' });
      expect(status).toBe(404);
      expect(body).toEqual({ error: { code: 'not_found', message: expect.stringContaining('no_such_task') } });
    });
  });

  describe('note', () => {
    const note = { action: 'note', ...target, note: 'Row count 40 % below yesterday' };

    it('previews by default: shows the note it would write and changes nothing', async () => {
      const { status, body } = await fixture.send(note);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        action: 'note',
        preview: true,
        applied: false,
        note_before: null,
        note_after: 'Row count 40 % below yesterday (source dq-monitor via webhook)',
      });
      expect(ti().note).toBeNull();
      expect(mutatingRequests(fixture.sent)).toEqual([]);
    });

    it('writes the note once when confirmed, naming the source, and answers a redelivery from the record', async () => {
      const id = `msg_note_${dialect}`;
      const first = await fixture.send({ ...note, confirm: true }, { id });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ action: 'note', applied: true, note: 'Row count 40 % below yesterday (source dq-monitor via webhook)' });
      expect(ti().note).toBe('Row count 40 % below yesterday (source dq-monitor via webhook)');
      expect(mutatingRequests(fixture.sent)).toHaveLength(1);

      fixture.sent.length = 0;
      const again = await fixture.send({ ...note, confirm: true }, { id });
      expect(again).toEqual(first);
      expect(fixture.sent).toEqual([]);
      expect(ti().note).toBe('Row count 40 % below yesterday (source dq-monitor via webhook)');
    });
  });

  describe('mark', () => {
    const mark = { action: 'mark', ...target, state: 'success', downstream: false };

    it('previews by default with Airflow dry run: what would change, from which state', async () => {
      const { status, body } = await fixture.send(mark);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        action: 'mark',
        preview: true,
        applied: false,
        state: 'success',
        would_change: [{ dag_id: 'etl_daily', run_id: latestRunId(), task_id: 'transform', map_index: -1, state_before: 'failed' }],
      });
      expect(ti().state).toBe('failed');
      expect(mutatingRequests(fixture.sent)).toEqual([]);
    });

    it('applies once when confirmed, writes the audit note naming the source, and logs the audit line', async () => {
      const { status, body } = await fixture.send({ ...mark, state: 'failed', task_id: 'extract', confirm: true });
      expect(status).toBe(200);
      expect(body).toMatchObject({
        action: 'mark',
        applied: true,
        changed: [{ task_id: 'extract', state_before: 'success' }],
        audit_note: expect.stringMatching(/^🤖 Marked failed by source dq-monitor via webhook \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/),
        audit_notes_written: 1,
      });
      expect(ti('extract').state).toBe('failed');
      expect(ti('extract').note).toBe(body.audit_note);
      // The state change, then the audit note.
      expect(mutatingRequests(fixture.sent)).toHaveLength(2);
      expect(fixture.logLines).toContainEqual(
        expect.objectContaining({
          msg: 'audit',
          userId: 'source:dq-monitor',
          deployment,
          action: 'mark_failed',
          outcome: 'applied',
          target: expect.objectContaining({ taskId: 'extract' }),
        }),
      );
    });
  });

  describe('clear', () => {
    const clear = { action: 'clear', ...target, downstream: true };

    it('previews by default: the task and its downstream, nothing cleared', async () => {
      const { status, body } = await fixture.send(clear);
      expect(status).toBe(200);
      expect((body.would_change as { task_id: string }[]).map((t) => t.task_id).sort()).toEqual(['load', 'notify', 'transform']);
      expect(ti().state).toBe('failed');
      expect(mutatingRequests(fixture.sent)).toEqual([]);
    });

    it('clears once when confirmed and notes every cleared task instance with the source', async () => {
      const { status, body } = await fixture.send({ ...clear, confirm: true, idempotency_key: `clear-${dialect}` });
      expect(status).toBe(200);
      expect(body).toMatchObject({ action: 'clear', applied: true, audit_notes_written: 3 });
      expect(ti().state).toBeNull();
      expect(ti().note).toMatch(/^🤖 Cleared by source dq-monitor via webhook \(/);
      expect(ti('load').note).toMatch(/^🤖 Cleared by source dq-monitor via webhook \(/);
      // One clear, then one audit note for each of the three cleared task instances.
      const mutations = mutatingRequests(fixture.sent);
      expect(mutations.filter((request) => request.url.includes('/clearTaskInstances'))).toHaveLength(1);
      expect(mutations).toHaveLength(4);
    });
  });
});
