import { alertJobOf, WATCHER_SOURCE } from '../../src/runtime/watcher-runtime';
import { failedTaskInstance } from '../helpers/fake-airflow-client';

const ti = failedTaskInstance({ dagId: 'etl_daily', runId: 'scheduled__1', taskId: 'load', tryNumber: 2, endDate: '2026-11-23T09:00:00Z' });

describe('the alert job of a failure the watcher found', () => {
  it('is the event the notifier would send, from the watcher source', () => {
    const job = alertJobOf({ kind: 'task', deployment: 'prod', ti: { ...ti, state: 'failed' } });

    expect(job?.source).toBe(WATCHER_SOURCE);
    expect(job?.event).toEqual({
      version: 1,
      event: 'task_instance.failed',
      deployment: 'prod',
      dag_id: 'etl_daily',
      run_id: 'scheduled__1',
      task_id: 'load',
      map_index: -1,
      try_number: 2,
      logical_date: ti.logicalDate,
      occurred_at: '2026-11-23T09:00:00Z',
    });
  });

  it('has the same webhook-id whenever the same failure is found, and another for the next try or state', () => {
    const id = (overrides: Partial<typeof ti>) =>
      alertJobOf({ kind: 'task', deployment: 'prod', ti: { ...ti, state: 'failed', ...overrides } as typeof ti & { state: 'failed' } })?.webhookId;

    expect(id({})).toBe(id({}));
    expect(id({})).toMatch(/^watch_[0-9a-f]{40}$/);
    expect(id({ tryNumber: 3 })).not.toBe(id({}));
    expect(id({ state: 'up_for_retry' })).not.toBe(id({}));
  });

  it('describes an ended run as a dag_run event', () => {
    const run = { dagId: 'etl_daily', runId: 'scheduled__1', state: 'success' as const, logicalDate: null, runAfter: null, startDate: null, endDate: null, runType: null, note: null };

    expect(alertJobOf({ kind: 'run', deployment: 'prod', run })?.event).toEqual({
      version: 1,
      event: 'dag_run.success',
      deployment: 'prod',
      dag_id: 'etl_daily',
      run_id: 'scheduled__1',
      logical_date: null,
    });
  });
});
