import { DemoStore } from '../../../local/demo-airflow/store';
import { BACKFILL_RUN, DEMO_NOW, ETL_LATEST, FANOUT_RUN, ML_LATEST, RELEASE_LATEST, REPORTS_LATEST } from './fixtures';

const HOUR_MS = 3_600_000;
const setStateDefaults = { includeUpstream: false, includeDownstream: false, includeFuture: false, includePast: false };
const clearDefaults = {
  tasks: undefined,
  runId: undefined,
  startDate: undefined,
  endDate: undefined,
  onlyFailed: true,
  onlyRunning: false,
  includeUpstream: false,
  includeDownstream: false,
  includeFuture: false,
  includePast: false,
  resetDagRuns: true,
};

describe('DemoStore', () => {
  const later = DEMO_NOW + HOUR_MS;
  let now = DEMO_NOW;
  const clock = () => now;
  let store: DemoStore;

  beforeEach(() => {
    now = DEMO_NOW;
    store = new DemoStore(clock);
  });

  describe('seed', () => {
    it('names runs after their dates, relative to the clock', () => {
      expect(store.runs().map((r) => `${r.dagId} ${r.runId} ${r.state}`)).toEqual([
        'etl_daily scheduled__2026-11-19T00:00:00+00:00 success',
        'etl_daily scheduled__2026-11-20T00:00:00+00:00 success',
        `etl_daily ${ETL_LATEST} failed`,
        'ml_training manual__2026-11-20T11:30:00+00:00 success',
        `ml_training ${ML_LATEST} running`,
        'reports_hourly scheduled__2026-11-22T08:00:00+00:00 success',
        'reports_hourly scheduled__2026-11-22T09:00:00+00:00 success',
        `reports_hourly ${REPORTS_LATEST} running`,
        'flaky_hourly scheduled__2026-11-22T08:00:00+00:00 success',
        'flaky_hourly scheduled__2026-11-22T09:00:00+00:00 failed',
        'flaky_hourly scheduled__2026-11-22T10:00:00+00:00 failed',
        `fanout_big ${FANOUT_RUN} failed`,
      ]);
    });

    it('covers every state the bot shows, and no status', () => {
      const states = new Set(store.taskInstances().map((ti) => ti.state));
      expect([...states].sort((a, b) => String(a).localeCompare(String(b)))).toEqual([
        'failed',
        null,
        'queued',
        'running',
        'skipped',
        'success',
        'up_for_retry',
        'upstream_failed',
      ]);
    });

    it('is the same for the same clock, and puts every date in the past', () => {
      const other = new DemoStore(clock);
      expect(other.taskInstances()).toEqual(store.taskInstances());
      const dates = store.taskInstances().flatMap((ti) => [ti.startDate, ti.endDate, ...ti.history.map((t) => t.endDate)]);
      expect(dates.filter((d) => d !== null && d > DEMO_NOW)).toEqual([]);
    });

    it('keeps fetch_data up for retry on try 3 of 4, with two failed tries before', () => {
      const ti = store.taskInstance('ml_training', ML_LATEST, 'fetch_data');
      expect([ti?.state, ti?.tryNumber, ti?.maxTries]).toEqual(['up_for_retry', 3, 3]);
      expect(ti && store.tries(ti).map((t) => t.state)).toEqual(['failed', 'failed', 'up_for_retry']);
    });
  });

  describe('setState', () => {
    it('changes nothing in a dry run', () => {
      const before = store.taskInstances();
      const affected = store.setState({ dagId: 'etl_daily', runId: ETL_LATEST, taskId: 'transform', mapIndex: -1, newState: 'success', ...setStateDefaults, includeDownstream: true, dryRun: true });
      expect(affected.map((ti) => ti.taskId)).toEqual(['transform', 'load', 'notify']);
      expect(store.taskInstances()).toEqual(before);
    });

    it('marks upstream tasks through the graph, leaving out those already in the state', () => {
      now = later;
      const affected = store.setState({ dagId: 'etl_daily', runId: ETL_LATEST, taskId: 'load', mapIndex: -1, newState: 'success', ...setStateDefaults, includeUpstream: true, dryRun: false });
      expect(affected.map((ti) => [ti.taskId, ti.state, ti.updatedAt])).toEqual([
        ['transform', 'success', later],
        ['load', 'success', later],
      ]);
    });

    it('stamps a task instance that never ran with the time it was marked', () => {
      now = later;
      store.setState({ dagId: 'ml_training', runId: ML_LATEST, taskId: 'evaluate', mapIndex: -1, newState: 'skipped', ...setStateDefaults, dryRun: false });
      const ti = store.taskInstance('ml_training', ML_LATEST, 'evaluate');
      expect([ti?.state, ti?.startDate, ti?.endDate]).toEqual(['skipped', later, later]);
    });

    it('reaches past runs when asked', () => {
      const affected = store.setState({ dagId: 'etl_daily', runId: ETL_LATEST, taskId: 'extract', mapIndex: -1, newState: 'failed', ...setStateDefaults, includePast: true, dryRun: true });
      expect(affected.map((ti) => ti.runId)).toEqual(['scheduled__2026-11-19T00:00:00+00:00', 'scheduled__2026-11-20T00:00:00+00:00', ETL_LATEST]);
    });

    it('throws a 404 for an unknown run, task or map index', () => {
      const request = { dagId: 'etl_daily', runId: ETL_LATEST, taskId: 'transform', mapIndex: -1, newState: 'success' as const, ...setStateDefaults, dryRun: false };
      expect(() => store.setState({ ...request, runId: 'nope' })).toThrow("DAG run with dag_run_id: 'nope' not found in DAG 'etl_daily'");
      expect(() => store.setState({ ...request, taskId: 'nope' })).toThrow("Task 'nope' not found in DAG 'etl_daily'");
      expect(() => store.setState({ ...request, dagId: 'ml_training', runId: ML_LATEST, taskId: 'train_model', mapIndex: 9 })).toThrow(
        `Task instance train_model with map_index 9 not found in DAG run '${ML_LATEST}' of DAG 'ml_training'`,
      );
    });
  });

  describe('clear', () => {
    it('restarts a running task instance instead of clearing it', () => {
      store.clear({ ...clearDefaults, dagId: 'reports_hourly', runId: REPORTS_LATEST, onlyFailed: false, onlyRunning: true, dryRun: false });
      expect(store.taskInstance('reports_hourly', REPORTS_LATEST, 'query_sales')?.state).toBe('restarting');
      expect(store.taskInstance('reports_hourly', REPORTS_LATEST, 'query_inventory')?.state).toBe('queued');
    });

    it('keeps the cleared try in the history and raises max_tries by the retries', () => {
      store.clear({ ...clearDefaults, dagId: 'ml_training', runId: ML_LATEST, tasks: [{ taskId: 'fetch_data' }], onlyFailed: false, dryRun: false });
      const ti = store.taskInstance('ml_training', ML_LATEST, 'fetch_data');
      expect([ti?.state, ti?.tryNumber, ti?.maxTries]).toEqual([null, 3, 6]);
      expect(ti && store.tries(ti).map((t) => [t.tryNumber, t.state])).toEqual([
        [1, 'failed'],
        [2, 'failed'],
        [3, 'up_for_retry'],
      ]);
    });
  });

  describe('logs and reset', () => {
    it('writes logs from the seed, so a later mark does not rewrite them', () => {
      const logOfTry2 = () => {
        const ti = store.taskInstance('etl_daily', ETL_LATEST, 'transform');
        return ti && store.tryLog(ti, 2);
      };
      const before = logOfTry2();
      store.setState({ dagId: 'etl_daily', runId: ETL_LATEST, taskId: 'transform', mapIndex: -1, newState: 'success', ...setStateDefaults, dryRun: false });
      expect(logOfTry2()).toEqual(before);
      expect(before?.records.some((r) => r.exception?.type === 'ValueError')).toBe(true);
    });

    it('has no log for a try that has not started', () => {
      const queued = store.taskInstance('reports_hourly', REPORTS_LATEST, 'query_inventory');
      expect(queued && store.tryLog(queued, 1)).toEqual({ records: [], finished: false, hostname: '' });
      expect(queued && store.tryLog(queued, 2)).toBeUndefined();
    });

    it('puts everything back on reset', () => {
      const seeded = store.taskInstances();
      store.setNote('etl_daily', ETL_LATEST, 'transform', -1, 'note');
      store.clear({ ...clearDefaults, dagId: 'fanout_big', dryRun: false });
      store.reset();
      expect(store.taskInstances()).toEqual(seeded);
      expect(store.run('fanout_big', FANOUT_RUN)?.state).toBe('failed');
    });

    it('hands out copies, so changing one does not change the store', () => {
      const ti = store.taskInstance('etl_daily', ETL_LATEST, 'transform');
      if (ti) ti.state = 'success';
      expect(store.taskInstance('etl_daily', ETL_LATEST, 'transform')?.state).toBe('failed');
    });
  });

  describe('human-in-the-loop', () => {
    const approval = { dagId: 'release_approval', runId: RELEASE_LATEST, taskId: 'approve_release', mapIndex: -1 };
    const admin = { id: 'admin', name: 'admin' };
    let hitlStore: DemoStore;

    beforeEach(() => {
      hitlStore = new DemoStore(clock, { humanInTheLoop: true });
    });

    it('seeds no human-in-the-loop DAG unless asked, as an Airflow 2 has none', () => {
      expect(store.dags().map((d) => d.dagId)).toEqual(['etl_daily', 'ml_training', 'reports_hourly', 'flaky_hourly', 'fanout_big']);
      expect(store.hitlDetails()).toEqual([]);
    });

    it('seeds two deferred task instances waiting for an answer, and one answered request', () => {
      const details = hitlStore.hitlDetails();
      expect(details.map((d) => [d.taskId, d.respondedAt === null, hitlStore.taskInstance(d.dagId, d.runId, d.taskId)?.state])).toEqual([
        ['approve_release', false, 'success'],
        ['approve_release', true, 'deferred'],
        ['choose_backfill', true, 'deferred'],
      ]);
      expect(hitlStore.runs().filter((r) => r.dagId === 'release_approval' || r.dagId === 'backfill_review').map((r) => r.state)).toEqual([
        'success',
        'running',
        'running',
      ]);
    });

    it('writes a deferred try’s log without an end', () => {
      const ti = hitlStore.taskInstance('backfill_review', BACKFILL_RUN, 'choose_backfill');
      const log = ti && hitlStore.tryLog(ti, 1);
      expect(log?.finished).toBe(false);
      expect(log?.records.at(-1)?.message).toMatch(/^Pausing task as DEFERRED\. dag_id=backfill_review, task_id=choose_backfill/);
    });

    it('lets an approval answered "Reject" succeed and skips every task downstream', () => {
      now = later;
      hitlStore.answerHitl({ ...approval, respondent: admin, chosenOptions: ['Reject'], paramsInput: {} });
      const deploy = hitlStore.taskInstance('release_approval', RELEASE_LATEST, 'deploy_release');
      expect([hitlStore.taskInstance('release_approval', RELEASE_LATEST, 'approve_release')?.endDate, deploy?.state, deploy?.endDate]).toEqual([
        later,
        'skipped',
        later,
      ]);
    });

    it('fails the task when the answer picks several options where it takes one', () => {
      hitlStore.answerHitl({ ...approval, respondent: admin, chosenOptions: ['Approve', 'Reject'], paramsInput: {} });
      expect(hitlStore.taskInstance('release_approval', RELEASE_LATEST, 'approve_release')?.state).toBe('failed');
      expect(hitlStore.taskInstance('release_approval', RELEASE_LATEST, 'deploy_release')?.state).toBeNull();
    });

    it('puts requests back unanswered on reset', () => {
      const seeded = hitlStore.hitlDetails();
      hitlStore.setHitlAssignees(approval, [{ id: 'alice', name: 'alice' }]);
      hitlStore.answerHitl({ ...approval, respondent: admin, chosenOptions: ['Approve'], paramsInput: {} });
      hitlStore.reset();
      expect(hitlStore.hitlDetails()).toEqual(seeded);
      expect(hitlStore.taskInstance('release_approval', RELEASE_LATEST, 'approve_release')?.state).toBe('deferred');
    });

    it('throws a 404 when assigning users to a task instance without a request, and changes nothing', () => {
      const before = hitlStore.hitlDetails();
      expect(() => hitlStore.setHitlAssignees({ ...approval, taskId: 'deploy_release' }, [admin])).toThrow(
        `No human-in-the-loop request for release_approval/${RELEASE_LATEST}/deploy_release[-1]`,
      );
      expect(hitlStore.hitlDetails()).toEqual(before);
    });
  });
});

