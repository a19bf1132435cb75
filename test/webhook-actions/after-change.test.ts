import type { AppliedChange } from '../../src/changes/change';
import { startActionsFixture, type ActionsFixture } from './actions-fixture';

/** The change listeners the service tells after a webhook change (the run's alert is one). */
describe('the change listeners of webhook actions', () => {
  let fixture: ActionsFixture;
  const changes: AppliedChange[] = [];
  let failNext = false;
  const clear = { action: 'clear', deployment: 'demo-v1', dag_id: 'etl_daily', run: 'latest', task_id: 'transform', downstream: true };

  beforeAll(async () => {
    fixture = await startActionsFixture({
      listeners: [
        async (change) => {
          changes.push(change);
          if (failNext) throw new Error('the alert message could not be updated');
        },
      ],
    });
  });
  afterAll(() => fixture.close());
  beforeEach(() => {
    fixture.airflow.v1.store.reset();
    changes.length = 0;
    failNext = false;
  });

  it('are told once with the source, the target and what changed, after a confirmed change only', async () => {
    await fixture.send(clear);
    expect(changes).toEqual([]);
    const answer = await fixture.send({ ...clear, confirm: true }, { id: 'msg_hook' });
    await fixture.send({ ...clear, confirm: true }, { id: 'msg_hook' });
    const runId = (answer.body.target as { run_id: string }).run_id;
    expect(changes).toEqual([
      {
        actor: { kind: 'source', name: 'dq-monitor' },
        deployment: 'demo-v1',
        target: { dagId: 'etl_daily', runId, taskId: 'transform', mapIndex: -1 },
        change: { kind: 'clear', downstream: true },
        verb: 'Cleared',
        changed: ['transform', 'load', 'notify'].map((taskId) => ({ dagId: 'etl_daily', runId, taskId, mapIndex: -1 })),
      },
    ]);
  });

  it('do not turn an applied change into an error when they fail', async () => {
    failNext = true;
    const answer = await fixture.send({ ...clear, confirm: true });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ applied: true });
    expect(fixture.logLines).toContainEqual(expect.objectContaining({ msg: 'change applied, but telling its listeners failed' }));
  });
});
