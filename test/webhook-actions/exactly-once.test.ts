import { signedWebhookEvent } from '../helpers/signed-webhook';
import { DQ_SECRET, INCIDENTS_SECRET, mutatingRequests, startActionsFixture, type ActionAnswer, type ActionsFixture } from './actions-fixture';

const mark = { action: 'mark', deployment: 'demo-v2', dag_id: 'etl_daily', run: 'latest', task_id: 'transform', state: 'success', confirm: true };

/** Resends a request answered 409 "in progress" until it gets its answer. */
async function untilAnswered(send: () => Promise<ActionAnswer>): Promise<ActionAnswer> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const answer = await send();
    const error = answer.body.error as { message?: string } | undefined;
    if (answer.status !== 409 || !error?.message?.includes('still being processed')) return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('still in progress after 50 attempts');
}

describe('webhook actions apply exactly once', () => {
  let fixture: ActionsFixture;

  beforeAll(async () => {
    // Slow enough that concurrent deliveries overlap the first one.
    fixture = await startActionsFixture({ airflowLatencyMs: 40 });
  });
  afterAll(() => fixture.close());
  beforeEach(() => {
    fixture.airflow.v2.store.reset();
    fixture.sent.length = 0;
  });

  it('sends one mutating request for the same signed request delivered 5 times at once, and gives all five the same answer', async () => {
    const event = signedWebhookEvent({ route: 'actions', source: 'dq-monitor', secret: DQ_SECRET, body: JSON.stringify(mark) });
    const first = await Promise.all(Array.from({ length: 5 }, () => fixture.sendEvent(event)));
    const inProgress = {
      error: { code: 'conflict', message: 'The same request is still being processed; send it again in a few seconds to get its answer.' },
    };
    const overlapping = first.filter((answer) => answer.status !== 200);
    expect(overlapping).toEqual(overlapping.map(() => ({ status: 409, body: inProgress })));
    const answers = await Promise.all(first.map((answer) => (answer.status === 200 ? answer : untilAnswered(() => fixture.sendEvent(event)))));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect(answers[0]?.body).toMatchObject({ action: 'mark', applied: true, changed: [{ task_id: 'transform' }] });
    // One state change and one audit note, however many deliveries.
    const mutations = mutatingRequests(fixture.sent);
    expect(mutations.filter((request) => request.body?.includes('new_state'))).toHaveLength(1);
    expect(mutations).toHaveLength(2);
  });

  it('applies once for one idempotency_key sent with different webhook ids', async () => {
    const payload = { ...mark, idempotency_key: 'dq-run-2026-11-29-transform' };
    const first = await fixture.send(payload, { id: 'msg_a' });
    const second = await fixture.send(payload, { id: 'msg_b' });
    expect(first.status).toBe(200);
    expect(second).toEqual(first);
    expect(mutatingRequests(fixture.sent)).toHaveLength(2);
  });

  it('answers 409 to the same key with a different body, and sends nothing', async () => {
    const first = await fixture.send(mark, { id: 'msg_same_key' });
    expect(first.status).toBe(200);
    fixture.sent.length = 0;
    const other = await fixture.send({ ...mark, state: 'failed' }, { id: 'msg_same_key' });
    expect(other).toEqual({
      status: 409,
      body: { error: { code: 'conflict', message: 'This idempotency key was already used with a different body; nothing was changed.' } },
    });
    expect(fixture.sent).toEqual([]);
  });

  it('keeps keys apart per source: the same key from another source is its own change', async () => {
    const keyed = { ...mark, idempotency_key: 'shared-key' };
    expect((await fixture.send(keyed)).status).toBe(200);
    const other = await fixture.send({ ...keyed, state: 'failed' }, { source: 'incidents', secret: INCIDENTS_SECRET });
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({ applied: true, audit_note: expect.stringContaining('by source incidents via webhook') });
  });

  it('lets a change that failed before reaching Airflow be sent again with the same key', async () => {
    const missing = { ...mark, task_id: 'no_such_task' };
    const first = await fixture.send(missing, { id: 'msg_missing' });
    expect(first.status).toBe(404);
    const again = await fixture.send(missing, { id: 'msg_missing' });
    expect(again.status).toBe(404);
    // Both deliveries asked Airflow: a failure keeps no record.
    expect(fixture.sent.filter((request) => request.url.includes('no_such_task')).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps no record of a preview: the same webhook id confirmed afterwards applies', async () => {
    const preview = await fixture.send({ ...mark, confirm: false }, { id: 'msg_preview_then_confirm' });
    expect(preview.body).toMatchObject({ preview: true, applied: false });
    expect(mutatingRequests(fixture.sent)).toEqual([]);
    const confirm = await fixture.send(mark, { id: 'msg_preview_then_confirm' });
    expect(confirm.body).toMatchObject({ preview: false, applied: true });
    expect(mutatingRequests(fixture.sent)).toHaveLength(2);
  });
});

describe('a slow Airflow', () => {
  let fixture: ActionsFixture;

  beforeAll(async () => {
    fixture = await startActionsFixture({ airflowTimeoutMs: 300, slowMutationsMs: 800 });
  });
  afterAll(() => fixture.close());

  it('answers 504 saying the change may have been applied and how to check, and a retry gets the same answer without a second change', async () => {
    const first = await fixture.send(mark, { id: 'msg_slow' });
    expect(first).toEqual({
      status: 504,
      body: {
        error: {
          code: 'timeout',
          may_have_been_applied: true,
          message:
            'Airflow did not answer in time; the change may have been applied. Check the task instance state with a "lookup" action ' +
            'before sending it again with a new idempotency key (a retry with this key gets this same answer and changes nothing).',
        },
      },
    });
    expect(mutatingRequests(fixture.sent)).toHaveLength(1);
    const ti = fixture.airflow.v2.store.taskInstances().find((t) => t.dagId === 'etl_daily' && t.taskId === 'transform' && t.state === 'success');
    expect(ti).toBeDefined();

    fixture.sent.length = 0;
    expect(await fixture.send(mark, { id: 'msg_slow' })).toEqual(first);
    expect(fixture.sent).toEqual([]);
  });
});
