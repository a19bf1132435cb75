import type { AppliedChange } from '../../src/webhook-actions/mutations';
import { startActionsFixture, type ActionsFixture } from './actions-fixture';

/** The seam for what follows a webhook change (an alert message of the run to update, for example). */
describe('the afterChange hook of webhook actions', () => {
  let fixture: ActionsFixture;
  const changes: AppliedChange[] = [];
  let failNext = false;
  const clear = { action: 'clear', deployment: 'demo-v1', dag_id: 'etl_daily', run: 'latest', task_id: 'transform', downstream: true };

  beforeAll(async () => {
    fixture = await startActionsFixture({
      afterChange: async (change) => {
        changes.push(change);
        if (failNext) throw new Error('the alert message could not be updated');
      },
    });
  });
  afterAll(() => fixture.close());
  beforeEach(() => {
    fixture.airflow.v1.store.reset();
    changes.length = 0;
    failNext = false;
  });

  it('is called once with the source, the target and what changed, after a confirmed change only', async () => {
    await fixture.send(clear);
    expect(changes).toEqual([]);
    const answer = await fixture.send({ ...clear, confirm: true }, { id: 'msg_hook' });
    await fixture.send({ ...clear, confirm: true }, { id: 'msg_hook' });
    const runId = (answer.body.target as { run_id: string }).run_id;
    expect(changes).toEqual([
      {
        source: 'dq-monitor',
        deployment: 'demo-v1',
        action: 'clear',
        target: { dagId: 'etl_daily', runId, taskId: 'transform', mapIndex: -1 },
        changed: ['transform', 'load', 'notify'].map((taskId) => ({ dagId: 'etl_daily', runId, taskId, mapIndex: -1 })),
      },
    ]);
  });

  it('does not turn an applied change into an error when it fails', async () => {
    failNext = true;
    const answer = await fixture.send({ ...clear, confirm: true });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ applied: true });
    expect(fixture.logLines).toContainEqual(expect.objectContaining({ msg: 'a webhook change was applied, but what follows it failed' }));
  });
});
