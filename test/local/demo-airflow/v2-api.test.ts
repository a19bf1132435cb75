import { AirflowContract } from '../../helpers/airflow-contract';
import { startDemoAirflow, type DemoAirflow } from '../../../local/demo-airflow/server';
import { ContractClient, seg } from './contract-client';
import { ETL_LATEST, FANOUT_RUN, ML_LATEST, movableClock } from './fixtures';

const TI = (dagId: string, runId: string) => `/api/v2/dags/${seg(dagId)}/dagRuns/${seg(runId)}/taskInstances`;
const ETL = TI('etl_daily', ETL_LATEST);
const ML = TI('ml_training', ML_LATEST);
const DAY_MS = 86_400_000;

type Collection = { task_instances: { task_id: string; map_index: number; state: string | null; note?: string | null }[]; total_entries: number };

describe('demo Airflow, v2 dialect', () => {
  let contract: AirflowContract;
  let demo: DemoAirflow;
  let api: ContractClient;
  let token = '';
  const time = movableClock();

  beforeAll(async () => {
    contract = await AirflowContract.load();
    demo = await startDemoAirflow({ dialect: 'v2', clock: time.clock, username: 'ops', password: 's3cret' });
    api = new ContractClient(demo.url, contract, 'v2', () => ({ authorization: `Bearer ${token}` }));
    const login = await api.call('POST', '/auth/token', { body: { username: 'ops', password: 's3cret' }, anonymous: true });
    token = (login.body as { access_token: string }).access_token;
  });
  afterEach(() => demo.store.reset());
  afterAll(async () => {
    await demo.close();
  });

  describe('version, dialect and tokens', () => {
    it('answers /api/v2/version without a token', async () => {
      const response = await api.call('GET', '/api/v2/version', { anonymous: true });
      expect(response.body).toEqual({ version: '3.1.0', git_version: null });
    });

    it('serves no /api/v1, like an Airflow 3', async () => {
      const response = await api.call('GET', '/api/v1/version', { unchecked: true });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ detail: 'Not Found' });
    });

    it('issues a JWT with an exp claim a day ahead, for a JSON or a form body', async () => {
      const json = await api.call('POST', '/auth/token', { body: { username: 'ops', password: 's3cret' }, anonymous: true });
      const form = await api.call('POST', '/auth/token', { body: { username: 'ops', password: 's3cret' }, form: true, anonymous: true });
      expect([json.status, form.status]).toEqual([201, 201]);
      const [, payload] = (form.body as { access_token: string }).access_token.split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as { sub: string; exp: number; iat: number };
      expect(claims.sub).toBe('ops');
      expect(claims.exp - claims.iat).toBe(86_400);
      expect(claims.iat).toBe(Math.floor(time.clock() / 1000));
    });

    it('refuses a wrong password with 401 {detail}', async () => {
      const response = await api.call('POST', '/auth/token', { body: { username: 'ops', password: 'nope' }, anonymous: true });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ detail: 'Invalid credentials' });
    });

    it('refuses a login body with extra or missing fields with a 422', async () => {
      const response = await api.call('POST', '/auth/token', { body: { username: 'ops' }, anonymous: true, invalidRequest: true });
      expect(response.status).toBe(422);
      expect(response.body).toEqual({ detail: [{ type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: { username: 'ops' } }] });
    });

    it('refuses a request without a token, with a forged token, and with an expired one', async () => {
      const missing = await api.call('GET', `${ETL}/transform`, { anonymous: true });
      expect([missing.status, missing.body]).toEqual([401, { detail: 'Not authenticated' }]);
      const forged = await api.call('GET', `${ETL}/transform`, { headers: { authorization: `Bearer ${token.slice(0, -4)}AAAA` } });
      expect([forged.status, forged.body]).toEqual([403, { detail: 'Invalid JWT token' }]);
      time.advance(DAY_MS + 1000);
      try {
        const expired = await api.call('GET', `${ETL}/transform`);
        expect([expired.status, expired.body]).toEqual([401, { detail: 'Token Expired' }]);
      } finally {
        time.advance(-(DAY_MS + 1000));
      }
    });
  });

  describe('task instances', () => {
    it('returns the failed transform with logical_date, run_after and a stable id', async () => {
      const first = await api.call('GET', `${ETL}/transform`);
      expect(first.body).toMatchObject({
        task_id: 'transform',
        dag_run_id: ETL_LATEST,
        logical_date: '2026-11-21T00:00:00Z',
        run_after: '2026-11-22T00:00:00Z',
        state: 'failed',
        try_number: 2,
        max_tries: 1,
        dag_display_name: 'ETL daily',
        operator: 'SparkSubmitOperator',
      });
      const again = await api.call('GET', `${ETL}/transform`);
      expect((again.body as { id: string }).id).toBe((first.body as { id: string }).id);
    });

    it('shows no status as null and returns a mapped task instance by map index', async () => {
      expect((await api.call('GET', `${ML}/evaluate`)).body).toMatchObject({ state: null, try_number: 0, hostname: null });
      expect((await api.call('GET', `${ML}/train_model/3`)).body).toMatchObject({ map_index: 3, state: 'up_for_retry', try_number: 1, max_tries: 2 });
      const unmapped = await api.call('GET', `${ML}/train_model`);
      expect([unmapped.status, unmapped.body]).toEqual([404, { detail: 'Task instance is mapped, add the map_index value to the URL' }]);
    });

    it('lists a run filtered by state, across runs with ~, and 404s an unknown DAG or run', async () => {
      const failed = await api.call('GET', TI('~', '~'), { query: { state: ['failed'] } });
      expect((failed.body as Collection).task_instances.map((t) => `${t.task_id}[${t.map_index}]`)).toEqual([
        'transform[-1]',
        // flaky_hourly's two failed runs
        'fetch_feed[-1]',
        'fetch_feed[-1]',
        'process_shard_007[-1]',
        'process_shard_047[-1]',
        'process_shard_087[-1]',
        'train_model[2]',
      ]);
      const inRun = await api.call('GET', ML, { query: { state: ['up_for_retry'] } });
      expect((inRun.body as Collection).task_instances.map((t) => [t.task_id, t.map_index])).toEqual([
        ['fetch_data', -1],
        ['train_model', 3],
      ]);
      expect((await api.call('GET', TI('no_such_dag', '~'))).status).toBe(404);
      expect((await api.call('GET', TI('etl_daily', 'nope'))).body).toEqual({ detail: "DAG run with dag_run_id: 'nope' not found in DAG 'etl_daily'" });
    });

    it('orders by order_by and refuses an unknown key with a 400', async () => {
      const newest = await api.call('GET', TI('~', '~'), { query: { state: ['failed'], order_by: ['-start_date'], limit: '1' } });
      expect((newest.body as Collection).task_instances.map((t) => t.task_id)).toEqual(['fetch_feed']);
      const bad = await api.call('GET', TI('~', '~'), { query: { order_by: ['colour'] } });
      expect([bad.status, bad.body]).toEqual([400, { detail: "Ordering with 'colour' is disallowed or the attribute does not exist on the model" }]);
    });

    it('pages through fanout_big: 50 by default, at most 100, 120 in all', async () => {
      const path = TI('fanout_big', FANOUT_RUN);
      const byDefault = await api.call('GET', path);
      const capped = await api.call('GET', path, { query: { limit: '1000' } });
      const last = await api.call('GET', path, { query: { limit: '100', offset: '100' } });
      expect((byDefault.body as Collection).task_instances).toHaveLength(50);
      expect((capped.body as Collection).task_instances).toHaveLength(100);
      expect((last.body as Collection).task_instances.map((t) => t.task_id).at(-1)).toBe('process_shard_119');
      expect((last.body as Collection).total_entries).toBe(120);
    });

    it('answers the batch list route', async () => {
      const response = await api.call('POST', '/api/v2/dags/~/dagRuns/~/taskInstances/list', {
        body: { dag_ids: ['reports_hourly'], state: ['running', 'queued'], page_limit: 10 },
      });
      expect((response.body as Collection).task_instances.map((t) => [t.task_id, t.state])).toEqual([
        ['query_sales', 'running'],
        ['query_inventory', 'queued'],
      ]);
    });

    it('refuses a malformed limit with a 422', async () => {
      const response = await api.call('GET', ETL, { query: { limit: 'many' }, invalidRequest: true });
      expect(response.status).toBe(422);
      expect(response.body).toEqual({
        detail: [{ type: 'int_parsing', loc: ['query', 'limit'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'many' }],
      });
    });

    it('lists tries, with the map_index query or path', async () => {
      const tries = await api.call('GET', `${ML}/fetch_data/tries`, { query: { map_index: '-1' } });
      expect((tries.body as Collection).task_instances.map((t) => t.state)).toEqual(['failed', 'failed', 'up_for_retry']);
      const mapped = await api.call('GET', `${ML}/train_model/2/tries`);
      expect((mapped.body as Collection).total_entries).toBe(3);
      expect((await api.call('GET', `${ML}/train_model/2/tries/2`)).body).toMatchObject({ try_number: 2, state: 'failed' });
    });

    it('returns extra links as a name → url map', async () => {
      expect((await api.call('GET', `${ETL}/transform/links`)).body).toEqual({
        extra_links: { 'Spark UI': 'https://spark-history.demo.internal/history/etl_daily-transform-try2/jobs/' },
        total_entries: 1,
      });
      expect((await api.call('GET', `${ETL}/load/links`)).body).toEqual({ extra_links: {}, total_entries: 0 });
    });
  });

  describe('logs', () => {
    it('returns structured messages, the exception as error_detail, and no token at the end', async () => {
      const response = await api.call('GET', `${ETL}/transform/logs/2`, { headers: { accept: 'application/json' } });
      const { content, continuation_token: next } = response.body as { content: Record<string, unknown>[]; continuation_token: string | null };
      expect(next).toBeNull();
      expect(content[2]).toEqual({ timestamp: expect.any(String), level: 'info', event: 'Starting attempt 2 of 2', logger: 'airflow.task' });
      const failure = content.find((m) => m.event === 'Task failed with exception');
      expect(failure).toMatchObject({
        level: 'error',
        error_detail: [{ exc_type: 'ValueError', exc_value: "Column 'order_total' has 42 null values in the orders_daily partition; refusing to write" }],
      });
      const first = await api.call('GET', `${ETL}/transform/logs/1`);
      const firstFailure = (first.body as { content: Record<string, unknown>[] }).content.find((m) => m.level === 'error');
      expect(firstFailure).toMatchObject({ error_detail: [{ exc_type: 'airflow.exceptions.AirflowException' }] });
    });

    it('keeps a running try open with a continuation token', async () => {
      const response = await api.call('GET', `${ML}/train_model/logs/1`, { query: { map_index: '1' } });
      expect(typeof (response.body as { continuation_token: unknown }).continuation_token).toBe('string');
    });

    it('streams NDJSON when asked', async () => {
      const response = await api.call('GET', `${ETL}/extract/logs/1`, { headers: { accept: 'application/x-ndjson' } });
      const lines = response.text.trimEnd().split('\n').map((line) => JSON.parse(line) as { event: string });
      expect(lines.at(-1)?.event).toBe('Task exited with return code 0');
    });

    it('answers 406 for Accept: text/plain', async () => {
      const response = await api.call('GET', `${ETL}/transform/logs/2`, { headers: { accept: 'text/plain' }, invalidRequest: true });
      expect([response.status, response.body]).toEqual([406, { detail: 'Only application/json or application/x-ndjson is supported' }]);
    });
  });

  describe('DAG runs', () => {
    it('returns the newest run first with order_by=-run_after', async () => {
      const response = await api.call('GET', '/api/v2/dags/ml_training/dagRuns', { query: { order_by: ['-run_after'], limit: '1' } });
      expect(response.body).toMatchObject({
        total_entries: 2,
        dag_runs: [{ dag_run_id: ML_LATEST, run_type: 'manual', triggered_by: 'ui', run_after: '2026-11-22T11:30:00Z', state: 'running' }],
      });
    });

    it('filters runs by logical date and answers a run by id', async () => {
      const response = await api.call('GET', '/api/v2/dags/etl_daily/dagRuns', { query: { logical_date_lte: '2026-11-20T00:00:00Z' } });
      expect((response.body as { total_entries: number }).total_entries).toBe(2);
      expect((await api.call('GET', `/api/v2/dags/etl_daily/dagRuns/${seg(ETL_LATEST)}`)).body).toMatchObject({ state: 'failed', duration: 1050 });
      expect((await api.call('GET', '/api/v2/dags/nope/dagRuns')).body).toEqual({ detail: "DAG with dag_id: 'nope' not found" });
    });
  });

  describe('set state', () => {
    it('previews through /dry_run: lists what would change, changes nothing', async () => {
      const response = await api.call('PATCH', `${ETL}/transform/dry_run`, { body: { new_state: 'success', include_downstream: true } });
      expect((response.body as Collection).task_instances.map((t) => [t.task_id, t.state])).toEqual([
        ['transform', 'failed'],
        ['load', 'upstream_failed'],
        ['notify', 'skipped'],
      ]);
      expect(demo.store.taskInstance('etl_daily', ETL_LATEST, 'transform')?.state).toBe('failed');
    });

    it('rejects dry_run in a PATCH body with a 422, and changes nothing', async () => {
      const response = await api.call('PATCH', `${ETL}/transform`, { body: { dry_run: true, new_state: 'success' }, invalidRequest: true });
      expect(response.status).toBe(422);
      expect(response.body).toEqual({ detail: [{ type: 'extra_forbidden', loc: ['body', 'dry_run'], msg: 'Extra inputs are not permitted', input: true }] });
      expect(demo.store.taskInstance('etl_daily', ETL_LATEST, 'transform')?.state).toBe('failed');
    });

    it('rejects a state other than success, failed or skipped with a 422, and changes nothing', async () => {
      const response = await api.call('PATCH', `${ETL}/transform`, { body: { new_state: 'running' } });
      expect(response.status).toBe(422);
      expect(response.body).toEqual({
        detail: [{ type: 'value_error', loc: ['body', 'new_state'], msg: "Value error, 'running' is not one of ['success', 'failed', 'skipped']", input: 'running' }],
      });
      expect(demo.store.taskInstance('etl_daily', ETL_LATEST, 'transform')?.state).toBe('failed');
    });

    it('marks for real: the next GET shows it, and marking the same state again is a 409', async () => {
      const response = await api.call('PATCH', `${ETL}/transform`, { body: { new_state: 'success' } });
      expect((response.body as Collection).task_instances.map((t) => [t.task_id, t.state])).toEqual([['transform', 'success']]);
      expect((await api.call('GET', `${ETL}/transform`)).body).toMatchObject({ state: 'success' });
      const again = await api.call('PATCH', `${ETL}/transform`, { body: { new_state: 'success' } });
      expect([again.status, again.body]).toEqual([409, { detail: 'Task id transform is already in success state' }]);
    });

    it('marks one map index through the mapped route', async () => {
      await api.call('PATCH', `${ML}/train_model/3`, { body: { new_state: 'failed' } });
      expect(demo.store.taskInstance('ml_training', ML_LATEST, 'train_model', 3)?.state).toBe('failed');
      expect(demo.store.taskInstance('ml_training', ML_LATEST, 'train_model', 1)?.state).toBe('running');
    });
  });

  describe('notes', () => {
    it('sets a note with update_mask=note that sticks', async () => {
      const response = await api.call('PATCH', `${ETL}/transform`, { query: { update_mask: ['note'] }, body: { note: 'Rerun after fix' } });
      expect((response.body as Collection).task_instances[0]).toMatchObject({ note: 'Rerun after fix', state: 'failed' });
      expect((await api.call('GET', `${ETL}/transform`)).body).toMatchObject({ note: 'Rerun after fix' });
    });

    it('refuses a note over 1000 characters with a 422, and keeps the old note', async () => {
      const note = 'y'.repeat(1001);
      const response = await api.call('PATCH', `${ETL}/transform`, { query: { update_mask: ['note'] }, body: { note }, invalidRequest: true });
      expect(response.body).toEqual({
        detail: [{ type: 'string_too_long', loc: ['body', 'note'], msg: 'String should have at most 1000 characters', input: note, ctx: { max_length: 1000 } }],
      });
      expect(demo.store.taskInstance('etl_daily', ETL_LATEST, 'transform')?.note).toBeNull();
    });
  });

  describe('clear', () => {
    const clearPath = '/api/v2/dags/ml_training/clearTaskInstances';

    it('previews by default with full task instances, changes nothing', async () => {
      const response = await api.call('POST', clearPath, { body: { dag_run_id: ML_LATEST, task_ids: [['train_model', 2]] } });
      expect((response.body as Collection).task_instances.map((t) => [t.task_id, t.map_index, t.state])).toEqual([['train_model', 2, 'failed']]);
      expect(demo.store.taskInstance('ml_training', ML_LATEST, 'train_model', 2)?.state).toBe('failed');
    });

    it('clears one map index for real: state null, max_tries raised, the run queued', async () => {
      const response = await api.call('POST', clearPath, { body: { dry_run: false, dag_run_id: ML_LATEST, task_ids: [['train_model', 2]] } });
      expect((response.body as Collection).task_instances).toMatchObject([{ map_index: 2, state: null, try_number: 3, max_tries: 5 }]);
      expect((await api.call('GET', `${ML}/train_model/2`)).body).toMatchObject({ state: null, max_tries: 5 });
      expect(demo.store.run('ml_training', ML_LATEST)?.state).toBe('queued');
    });

    it('refuses fields Airflow 3 dropped, and changes nothing', async () => {
      const response = await api.call('POST', clearPath, { body: { dry_run: false, include_subdags: true }, invalidRequest: true });
      expect(response.body).toEqual({ detail: [{ type: 'extra_forbidden', loc: ['body', 'include_subdags'], msg: 'Extra inputs are not permitted', input: true }] });
      expect(demo.store.taskInstance('ml_training', ML_LATEST, 'train_model', 2)?.state).toBe('failed');
    });
  });

  it('meets only these statuses the specs do not list for their route', () => {
    expect(api.undeclared).toEqual(['GET get_log 406']);
  });
});
