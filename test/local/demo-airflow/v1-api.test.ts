import { AirflowContract } from '../../helpers/airflow-contract';
import { startDemoAirflow, type DemoAirflow } from '../../../local/demo-airflow/server';
import { basicAuth, ContractClient, seg } from './contract-client';
import { DEMO_NOW, ETL_LATEST, FANOUT_RUN, ML_LATEST, movableClock, REPORTS_LATEST } from './fixtures';

const TI = (dagId: string, runId: string) => `/api/v1/dags/${seg(dagId)}/dagRuns/${seg(runId)}/taskInstances`;
const ETL = TI('etl_daily', ETL_LATEST);
const PROBLEM_TYPE = 'https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/';

describe('demo Airflow, v1 dialect', () => {
  let contract: AirflowContract;
  let demo: DemoAirflow;
  let api: ContractClient;

  beforeAll(async () => {
    contract = await AirflowContract.load();
    demo = await startDemoAirflow({ dialect: 'v1', clock: movableClock().clock });
    api = new ContractClient(demo.url, contract, 'v1', () => basicAuth());
  });
  afterEach(() => demo.store.reset());
  afterAll(async () => {
    await demo.close();
  });

  describe('version and dialect', () => {
    it('answers /api/v1/version without credentials', async () => {
      const response = await api.call('GET', '/api/v1/version', { anonymous: true });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ version: '2.10.5', git_version: null });
    });

    it('serves no /api/v2 and no /auth/token, like an Airflow 2', async () => {
      expect((await api.call('GET', '/api/v2/version', { unchecked: true })).status).toBe(404);
      const token = await api.call('POST', '/auth/token', { body: { username: 'admin', password: 'admin' }, unchecked: true });
      expect(token.status).toBe(404);
    });
  });

  describe('authentication', () => {
    it('refuses a request without credentials with a 401 problem and a Basic challenge', async () => {
      const response = await api.call('GET', `${ETL}/transform`, { anonymous: true });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Basic');
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.body).toEqual({
        type: `${PROBLEM_TYPE}Unauthenticated`,
        title: 'Unauthorized',
        status: 401,
        detail: 'Invalid or missing credentials. This API takes HTTP basic authentication.',
      });
    });

    it('refuses a wrong password', async () => {
      const response = await api.call('GET', `${ETL}/transform`, { anonymous: true, headers: basicAuth('admin', 'wrong') });
      expect(response.status).toBe(401);
    });
  });

  describe('task instances', () => {
    it('returns the failed transform of the latest etl_daily run, after 2 of 2 tries', async () => {
      const response = await api.call('GET', `${ETL}/transform`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        task_id: 'transform',
        dag_id: 'etl_daily',
        dag_run_id: ETL_LATEST,
        execution_date: '2026-11-21T00:00:00+00:00',
        start_date: '2026-11-22T11:54:00+00:00',
        end_date: '2026-11-22T11:57:00+00:00',
        duration: 180,
        state: 'failed',
        try_number: 2,
        max_tries: 1,
        map_index: -1,
        operator: 'SparkSubmitOperator',
        queue: 'spark',
        note: null,
      });
    });

    it('returns a mapped task instance by map index, and says so when the map index is missing', async () => {
      const mapped = await api.call('GET', `${TI('ml_training', ML_LATEST)}/train_model/2`);
      expect(mapped.body).toMatchObject({ task_id: 'train_model', map_index: 2, state: 'failed', try_number: 3, rendered_map_index: 'lr=0.001' });
      const unmapped = await api.call('GET', `${TI('ml_training', ML_LATEST)}/train_model`);
      expect(unmapped.status).toBe(404);
      expect(unmapped.body).toEqual({
        type: `${PROBLEM_TYPE}NotFound`,
        title: 'Not Found',
        status: 404,
        detail: 'Task instance is mapped, add the map_index value to the URL',
      });
    });

    it('lists the task instances of a run, filtered by state', async () => {
      const all = await api.call('GET', ETL);
      expect(all.body).toMatchObject({ total_entries: 4 });
      const states = (all.body as { task_instances: { task_id: string; state: string }[] }).task_instances.map((t) => [t.task_id, t.state]);
      expect(states).toEqual([
        ['extract', 'success'],
        ['transform', 'failed'],
        ['load', 'upstream_failed'],
        ['notify', 'skipped'],
      ]);
      const failed = await api.call('GET', ETL, { query: { state: ['failed', 'upstream_failed'] } });
      expect((failed.body as { task_instances: { task_id: string }[] }).task_instances.map((t) => t.task_id)).toEqual(['transform', 'load']);
    });

    it('lists across every DAG and run with ~ wildcards', async () => {
      const response = await api.call('GET', TI('~', '~'), { query: { state: ['running', 'queued'] } });
      const found = (response.body as { task_instances: { dag_id: string; task_id: string; map_index: number; state: string }[] }).task_instances;
      expect(found.map((t) => `${t.dag_id}.${t.task_id}[${t.map_index}] ${t.state}`)).toEqual([
        'ml_training.train_model[1] running',
        'reports_hourly.query_sales[-1] running',
        'reports_hourly.query_inventory[-1] queued',
      ]);
    });

    it('pages through the 120 task instances of fanout_big, capping the limit at 100', async () => {
      const path = TI('fanout_big', FANOUT_RUN);
      const first = await api.call('GET', path, { query: { limit: '100', offset: '0' } });
      const second = await api.call('GET', path, { query: { limit: '100', offset: '100' } });
      const capped = await api.call('GET', path, { query: { limit: '500' } });
      type Page = { task_instances: { task_id: string }[]; total_entries: number };
      const ids = [...(first.body as Page).task_instances, ...(second.body as Page).task_instances].map((t) => t.task_id);
      expect((first.body as Page).total_entries).toBe(120);
      expect((second.body as Page).task_instances).toHaveLength(20);
      expect(new Set(ids).size).toBe(120);
      expect((capped.body as Page).task_instances).toHaveLength(100);
    });

    it('answers the batch list route', async () => {
      const response = await api.call('POST', '/api/v1/dags/~/dagRuns/~/taskInstances/list', {
        body: { dag_ids: ['ml_training'], state: ['up_for_retry'] },
      });
      const found = (response.body as { task_instances: { task_id: string; map_index: number; try_number: number }[] }).task_instances;
      expect(found.map((t) => [t.task_id, t.map_index, t.try_number])).toEqual([
        ['fetch_data', -1, 3],
        ['train_model', 3, 1],
      ]);
    });

    it('lists the tries of a task instance, mapped or not', async () => {
      const tries = await api.call('GET', `${ETL}/transform/tries`);
      type Tries = { task_instances_history: { try_number: number; state: string }[]; total_entries: number };
      expect((tries.body as Tries).task_instances_history.map((t) => [t.try_number, t.state])).toEqual([
        [1, 'failed'],
        [2, 'failed'],
      ]);
      const mapped = await api.call('GET', `${TI('ml_training', ML_LATEST)}/train_model/2/tries`);
      expect((mapped.body as Tries).total_entries).toBe(3);
      const one = await api.call('GET', `${ETL}/transform/tries/1`);
      expect(one.body).toMatchObject({ try_number: 1, state: 'failed', end_date: '2026-11-22T11:49:00+00:00' });
    });

    it('lists the extra links of a task, and none for a task without', async () => {
      const links = await api.call('GET', `${ETL}/transform/links`);
      expect(links.body).toEqual({
        extra_links: [
          {
            class_ref: { module_path: 'demo_plugins.links.spark', class_name: 'SparkUILink' },
            name: 'Spark UI',
            href: 'https://spark-history.demo.internal/history/etl_daily-transform-try2/jobs/',
          },
        ],
      });
      expect((await api.call('GET', `${ETL}/load/links`)).body).toEqual({ extra_links: [] });
    });
  });

  describe('logs', () => {
    it('returns the failed try as JSON, as the repr of a (host, text) list, with the Python traceback', async () => {
      const second = await api.call('GET', `${ETL}/transform/logs/2`);
      const { content, continuation_token: token } = second.body as { content: string; continuation_token: string };
      expect(content.startsWith("[('airflow-worker-2.demo.internal', '*** Found local files:\\n***   * /opt/airflow/logs/dag_id=etl_daily/")).toBe(true);
      expect(content).toContain('\\nTraceback (most recent call last):\\n');
      expect(content).toContain("\\nValueError: Column \\'order_total\\' has 42 null values in the orders_daily partition; refusing to write\\n");
      expect(content.endsWith("Task exited with return code 1\\n')]")).toBe(true);
      expect(typeof token).toBe('string');
      const first = await api.call('GET', `${ETL}/transform/logs/1`);
      expect((first.body as { content: string }).content).toContain('airflow.exceptions.AirflowException: Cannot execute: spark-submit');
      expect((first.body as { content: string }).content).not.toContain('ValueError');
    });

    it('returns raw text for Accept: text/plain', async () => {
      const response = await api.call('GET', `${ETL}/transform/logs/2`, { headers: { accept: 'text/plain' } });
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(response.text).toContain('INFO - Marking task as FAILED. dag_id=etl_daily, task_id=transform');
      expect(response.text).toContain("\nValueError: Column 'order_total' has 42 null values");
    });

    it('pages a long log with the continuation token', async () => {
      const path = `${TI('reports_hourly', REPORTS_LATEST)}/query_sales/logs/1`;
      const text = async (query: Record<string, string>) =>
        (await api.call('GET', path, { query, headers: { accept: 'text/plain' } })).text.trimEnd().split('\n');
      const first = await api.call('GET', path);
      const { content, continuation_token: token } = first.body as { content: string; continuation_token: string };
      expect(content.split('\\n')).toHaveLength(2 + 100 + 1);
      expect(await text({})).toHaveLength(2 + 100);
      const rest = await text({ token });
      expect(rest[0]?.startsWith('[')).toBe(true);
      expect(rest.at(-1)).toContain('Fetched batch 180/400 (450000 rows)');
      expect(await text({ full_content: 'true' })).toHaveLength(2 + 187);
    });

    it('refuses a continuation token it did not sign', async () => {
      const response = await api.call('GET', `${ETL}/transform/logs/2`, { query: { token: 'eyJsb2dfcG9zIjowfQ.forged' } });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ detail: 'Bad Signature. Please use only the tokens provided by the API.' });
    });

    it('answers 404 for a try that never happened', async () => {
      expect((await api.call('GET', `${ETL}/transform/logs/3`)).status).toBe(404);
    });
  });

  describe('DAG runs', () => {
    it('returns the latest run first with order_by=-execution_date', async () => {
      const response = await api.call('GET', '/api/v1/dags/etl_daily/dagRuns', { query: { order_by: '-execution_date', limit: '1' } });
      expect(response.body).toEqual({
        dag_runs: [
          {
            dag_run_id: ETL_LATEST,
            dag_id: 'etl_daily',
            logical_date: '2026-11-21T00:00:00+00:00',
            execution_date: '2026-11-21T00:00:00+00:00',
            start_date: '2026-11-22T11:40:00+00:00',
            end_date: '2026-11-22T11:57:30+00:00',
            data_interval_start: '2026-11-21T00:00:00+00:00',
            data_interval_end: '2026-11-22T00:00:00+00:00',
            last_scheduling_decision: '2026-11-22T11:57:30+00:00',
            run_type: 'scheduled',
            state: 'failed',
            external_trigger: false,
            conf: {},
            note: null,
          },
        ],
        total_entries: 3,
      });
    });

    it('filters runs by execution date and pages them', async () => {
      const response = await api.call('GET', '/api/v1/dags/etl_daily/dagRuns', {
        query: { execution_date_gte: '2026-11-20T00:00:00Z', limit: '1', offset: '1' },
      });
      const runs = response.body as { dag_runs: { dag_run_id: string }[]; total_entries: number };
      expect(runs.total_entries).toBe(2);
      expect(runs.dag_runs.map((r) => r.dag_run_id)).toEqual([ETL_LATEST]);
    });

    it('returns a run by id, with : and + in it, and 404 for an unknown one', async () => {
      const run = await api.call('GET', `/api/v1/dags/ml_training/dagRuns/${seg(ML_LATEST)}`);
      expect(run.body).toMatchObject({ dag_run_id: ML_LATEST, run_type: 'manual', state: 'running', external_trigger: true });
      const missing = await api.call('GET', '/api/v1/dags/etl_daily/dagRuns/nope');
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ detail: "DAG run with dag_run_id: 'nope' not found in DAG 'etl_daily'" });
    });

    it('answers 404 in problem form for an unknown DAG', async () => {
      const response = await api.call('GET', '/api/v1/dags/no_such_dag/dagRuns/r');
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ type: `${PROBLEM_TYPE}NotFound`, title: 'Not Found', status: 404, detail: "DAG with dag_id: 'no_such_dag' not found" });
    });
  });

  describe('set state', () => {
    it('treats a PATCH without dry_run as a dry run and changes nothing', async () => {
      const response = await api.call('PATCH', `${ETL}/transform`, { body: { new_state: 'success' } });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ task_id: 'transform', dag_id: 'etl_daily', execution_date: '2026-11-21T00:00:00+00:00', dag_run_id: ETL_LATEST });
      expect(demo.store.taskInstance('etl_daily', ETL_LATEST, 'transform')?.state).toBe('failed');
    });

    it('marks success for real: the next GET shows it, and the upstream_failed task downstream is cleared to run again', async () => {
      await api.call('PATCH', `${ETL}/transform`, { body: { dry_run: false, new_state: 'success' } });
      expect((await api.call('GET', `${ETL}/transform`)).body).toMatchObject({ state: 'success', end_date: '2026-11-22T11:57:00+00:00' });
      expect((await api.call('GET', `${ETL}/load`)).body).toMatchObject({ state: 'none', max_tries: 1 });
      expect(demo.store.taskInstance('etl_daily', ETL_LATEST, 'notify')?.state).toBe('skipped');
    });

    it('answers a mark with the state the task instance already has, and changes nothing', async () => {
      const response = await api.call('PATCH', `${ETL}/extract`, { body: { dry_run: false, new_state: 'success' } });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ task_id: 'extract' });
      expect(demo.store.taskInstance('etl_daily', ETL_LATEST, 'extract')?.updatedAt).toBe(DEMO_NOW);
    });

    it('marks one map index of a mapped task', async () => {
      await api.call('PATCH', `${TI('ml_training', ML_LATEST)}/train_model/2`, { body: { dry_run: false, new_state: 'success' } });
      expect(demo.store.taskInstance('ml_training', ML_LATEST, 'train_model', 2)?.state).toBe('success');
      expect(demo.store.taskInstance('ml_training', ML_LATEST, 'train_model', 3)?.state).toBe('up_for_retry');
    });

    it('refuses a state other than success, failed or skipped with a 400 problem, and changes nothing', async () => {
      const response = await api.call('PATCH', `${ETL}/transform`, { body: { dry_run: false, new_state: 'running' }, invalidRequest: true });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ title: 'Bad Request', status: 400 });
      expect((response.body as { detail: string }).detail).toContain("new_state'");
      expect(demo.store.taskInstance('etl_daily', ETL_LATEST, 'transform')?.state).toBe('failed');
    });

    it('previews and applies a state with its downstream tasks through updateTaskInstancesState', async () => {
      const body = { task_id: 'transform', dag_run_id: ETL_LATEST, include_downstream: true, new_state: 'success' };
      const preview = await api.call('POST', '/api/v1/dags/etl_daily/updateTaskInstancesState', { body });
      const ids = (r: unknown) => (r as { task_instances: { task_id: string }[] }).task_instances.map((t) => t.task_id);
      expect(ids(preview.body)).toEqual(['transform', 'load', 'notify']);
      expect(demo.store.taskInstance('etl_daily', ETL_LATEST, 'load')?.state).toBe('upstream_failed');
      const applied = await api.call('POST', '/api/v1/dags/etl_daily/updateTaskInstancesState', { body: { ...body, dry_run: false } });
      expect(ids(applied.body)).toEqual(['transform', 'load', 'notify']);
      expect(['transform', 'load', 'notify'].map((t) => demo.store.taskInstance('etl_daily', ETL_LATEST, t)?.state)).toEqual(['success', 'success', 'success']);
    });
  });

  describe('clear', () => {
    const clearPath = '/api/v1/dags/etl_daily/clearTaskInstances';

    it('previews by default: lists the failed task and its upstream_failed downstream, changes nothing', async () => {
      const response = await api.call('POST', clearPath, { body: { task_ids: ['transform'], dag_run_id: ETL_LATEST, include_downstream: true } });
      expect(response.body).toEqual({
        task_instances: [
          { task_id: 'transform', dag_id: 'etl_daily', execution_date: '2026-11-21T00:00:00+00:00', dag_run_id: ETL_LATEST },
          { task_id: 'load', dag_id: 'etl_daily', execution_date: '2026-11-21T00:00:00+00:00', dag_run_id: ETL_LATEST },
        ],
      });
      expect(demo.store.taskInstance('etl_daily', ETL_LATEST, 'transform')?.state).toBe('failed');
    });

    it('clears for real: state none, max_tries raised by the retries, the try kept in the history, the run queued', async () => {
      await api.call('POST', clearPath, { body: { dry_run: false, task_ids: ['transform'], dag_run_id: ETL_LATEST } });
      expect((await api.call('GET', `${ETL}/transform`)).body).toMatchObject({ state: 'none', try_number: 2, max_tries: 3 });
      const tries = await api.call('GET', `${ETL}/transform/tries`);
      expect((tries.body as { total_entries: number }).total_entries).toBe(2);
      expect(demo.store.run('etl_daily', ETL_LATEST)?.state).toBe('queued');
    });

    it('answers 404 for a task the DAG does not have, and changes nothing', async () => {
      const response = await api.call('POST', clearPath, { body: { dry_run: false, task_ids: ['nope'] } });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ detail: "Task 'nope' not found in DAG 'etl_daily'" });
      expect(demo.store.taskInstance('etl_daily', ETL_LATEST, 'transform')?.state).toBe('failed');
    });
  });

  describe('notes', () => {
    it('sets a note that sticks, on plain and mapped task instances', async () => {
      const response = await api.call('PATCH', `${ETL}/transform/setNote`, { body: { note: 'Looking into it' } });
      expect(response.body).toMatchObject({ task_id: 'transform', note: 'Looking into it' });
      expect((await api.call('GET', `${ETL}/transform`)).body).toMatchObject({ note: 'Looking into it' });
      await api.call('PATCH', `${TI('ml_training', ML_LATEST)}/train_model/1/setNote`, { body: { note: 'GPU node' } });
      expect(demo.store.taskInstance('ml_training', ML_LATEST, 'train_model', 1)?.note).toBe('GPU node');
    });

    it('refuses a note over 1000 characters with a 400 problem, and keeps the old note', async () => {
      const response = await api.call('PATCH', `${ETL}/transform/setNote`, { body: { note: 'x'.repeat(1001) } });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ status: 400, detail: "Longer than maximum length 1000. - 'note'" });
      expect(demo.store.taskInstance('etl_daily', ETL_LATEST, 'transform')?.note).toBeNull();
    });
  });

  describe('unknown routes', () => {
    it('answers 404 and 405 as problems', async () => {
      const missing = await api.call('GET', '/api/v1/nope', { unchecked: true });
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ title: 'Not Found', status: 404 });
      const wrongMethod = await api.call('DELETE', `${ETL}/transform/links`, { unchecked: true });
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.body).toMatchObject({ title: 'Method Not Allowed', status: 405 });
    });
  });

  it('meets only these statuses the v1 spec does not list for their route', () => {
    expect(api.undeclared).toEqual(['PATCH patch_task_instance 400']);
  });
});
