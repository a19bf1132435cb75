import { mutatingRequests, startActionsFixture, type ActionsFixture, type SentRequest } from './actions-fixture';

const note = { action: 'note', deployment: 'demo-v2', dag_id: 'etl_daily', run: 'latest', task_id: 'transform', note: 'row count low', confirm: true };

/** A read of the task instance itself (not its tries or logs). */
const readsTransform = (request: SentRequest) => request.method === 'GET' && /\/taskInstances\/transform(\?|$)/.test(request.url);

describe('a confirmed webhook note whose later reads fail', () => {
  let fixture: ActionsFixture;

  beforeAll(async () => {
    fixture = await startActionsFixture({
      // After the note's write, Airflow answers the first read (the read back under the lease) and
      // fails every later one with a 503.
      intercept: (request, sent) => {
        const written = sent.findIndex((earlier) => earlier.method === 'PATCH' && earlier.body?.includes('row count low'));
        if (written === -1 || !readsTransform(request)) return undefined;
        const readsSince = sent.slice(written + 1).filter(readsTransform).length;
        return readsSince > 1 ? new Response('{"detail":"unavailable"}', { status: 503, headers: { 'content-type': 'application/json' } }) : undefined;
      },
    });
  });
  afterAll(() => fixture.close());

  it('writes the note once: the answer comes from the read back, and a retry with the same key writes nothing', async () => {
    const first = await fixture.send(note, { id: 'msg_note_once' });
    const again = await fixture.send(note, { id: 'msg_note_once' });

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ action: 'note', applied: true, note: expect.stringContaining('row count low (source dq-monitor via webhook)') });
    expect(again).toEqual(first);
    expect(mutatingRequests(fixture.sent).filter((request) => request.body?.includes('row count low'))).toHaveLength(1);
    const ti = fixture.airflow.v2.store.taskInstances().find((t) => t.dagId === 'etl_daily' && t.taskId === 'transform' && t.note?.includes('row count low'));
    expect(ti?.note?.match(/row count low/g)).toHaveLength(1);
  });
});
