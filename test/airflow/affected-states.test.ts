import { affectedFromSnapshot } from '../../src/airflow/affected-states';
import type { ReportedTaskInstance } from '../../src/airflow/dialect';
import type { TaskInstance } from '../../src/airflow/model';

const base = { dagId: 'd', runId: 'r' };

function ti(taskId: string, mapIndex: number, state: TaskInstance['state']): TaskInstance {
  return {
    ...base,
    taskId,
    mapIndex,
    state,
    tryNumber: 1,
    maxTries: 0,
    startDate: null,
    endDate: null,
    durationSeconds: null,
    logicalDate: null,
    operator: null,
    hostname: null,
    pool: null,
    queue: null,
    note: null,
    renderedMapIndex: null,
  };
}

function reference(taskId: string): ReportedTaskInstance {
  return { ...base, taskId, mapIndex: undefined, state: undefined };
}

describe('affectedFromSnapshot', () => {
  it('takes the instances a set-state changes first when Airflow reported fewer references than the task has', () => {
    const snapshot = [ti('load', 0, 'success'), ti('load', 1, 'failed'), ti('load', 2, 'failed')];

    expect(affectedFromSnapshot([reference('load'), reference('load')], snapshot, 'success')).toEqual([
      { ...base, taskId: 'load', mapIndex: 1, state: 'failed' },
      { ...base, taskId: 'load', mapIndex: 2, state: 'failed' },
    ]);
  });

  it('keeps a reference the run listing does not know, without a state', () => {
    expect(affectedFromSnapshot([reference('ghost')], [])).toEqual([{ ...base, taskId: 'ghost', mapIndex: -1, state: null }]);
  });

  it('prefers the state before the change over the state Airflow reports after it', () => {
    const reported: ReportedTaskInstance = { ...base, taskId: 'load', mapIndex: -1, state: 'success' };

    expect(affectedFromSnapshot([reported], [ti('load', -1, 'failed')])).toEqual([{ ...base, taskId: 'load', mapIndex: -1, state: 'failed' }]);
  });
});
