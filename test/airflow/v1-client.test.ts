import { createAirflowClient } from '../../src/airflow/create-airflow-client';
import type { TaskAction, TaskInstanceRef } from '../../src/airflow/model';
import { expectBotError } from './expect-bot-error';
import { AirflowContract } from '../helpers/airflow-contract';
import { AirflowTestServer, type ReceivedRequest, type Reply } from '../helpers/airflow-test-server';
import {
  BASIC,
  BASIC_HEADER,
  FAST_RETRY,
  FakeCredentials,
  PROBLEM_JSON,
  T0,
  deployment,
  v1DagRun,
  v1Problem,
  v1Reference,
  v1TaskInstance,
  v1Try,
} from './payloads';

const TIS = '/api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances';
const TI = `${TIS}/{task_id}`;
const MAPPED_TI = `${TI}/{map_index}`;
const RUN_ID = `scheduled__${T0}`;
const REF: TaskInstanceRef = { dagId: 'etl_daily', runId: RUN_ID, taskId: 'load', mapIndex: -1 };
const MAPPED: TaskInstanceRef = { ...REF, mapIndex: 3 };
const DAG = '/api/v1/dags/{dag_id}';

/** `GET /dags/{dag_id}`: the DAG exists (asked when a list comes back empty). */
function dagExists(): void {
  server.on('GET', DAG, (request) => ({
    status: 200,
    raw: JSON.stringify({ dag_id: request.params.dag_id, dag_display_name: request.params.dag_id, is_paused: false }),
    contentType: 'application/json',
    why: 'the published v1 DAG schema does not compile in a strict validator ("nullable" without "type"); the bot reads nothing of it',
  }));
}

/** `GET /dags/{dag_id}`: Airflow 2's answer for a DAG it does not have. */
function noSuchDag(): void {
  server.on('GET', DAG, (request) => ({
    status: 404,
    raw: JSON.stringify(v1Problem(404, 'DAG not found', `The DAG with dag_id: ${request.params.dag_id} was not found`)),
    contentType: PROBLEM_JSON,
    why: 'the published v1 schemas of get_dag do not compile in a strict validator ("nullable" without "type")',
  }));
}

let server: AirflowTestServer;

beforeAll(async () => {
  server = await AirflowTestServer.start(await AirflowContract.load());
});

afterEach(() => server.endTest());

afterAll(() => server.close());

function client() {
  return createAirflowClient(deployment(server.url, { dialect: 'v1' }), { credentials: new FakeCredentials(BASIC), retry: FAST_RETRY });
}

/** An Airflow 2 continuation token that says the log has ended. */
function endedToken(): string {
  return `${Buffer.from(JSON.stringify({ end_of_log: true, log_pos: 120 })).toString('base64url')}.c2ln`;
}

function ok(json: unknown): Reply {
  return { status: 200, json };
}

/** A listing route that caps `limit` at 100, as Airflow's `maximum_page_limit` does. */
function pagedTaskInstances(all: Array<Record<string, unknown>>) {
  return (request: ReceivedRequest): Reply => {
    const limit = Math.min(Number(request.query.limit ?? 100), 100);
    const offset = Number(request.query.offset ?? 0);
    return ok({ task_instances: all.slice(offset, offset + limit), total_entries: all.length });
  };
}

describe('Airflow 2 client: reading', () => {
  it('gets a task instance with basic auth, a User-Agent and JSON, as the shared model', async () => {
    server.on('GET', TI, () => ok(v1TaskInstance()));

    const ti = await client().getTaskInstance(REF);

    expect(ti).toEqual({
      dagId: 'etl_daily',
      runId: RUN_ID,
      taskId: 'load',
      mapIndex: -1,
      state: 'failed',
      tryNumber: 2,
      maxTries: 3,
      startDate: '2024-01-01T01:00:00+00:00',
      endDate: '2024-01-01T01:05:00+00:00',
      durationSeconds: 300.5,
      logicalDate: T0,
      operator: 'PythonOperator',
      hostname: 'worker-1',
      pool: 'default_pool',
      queue: 'default',
      note: null,
      renderedMapIndex: null,
    });
    const [request] = server.received;
    expect(request?.headers.authorization).toBe(BASIC_HEADER);
    expect(request?.headers['user-agent']).toBe('airflow-slack-ops/0.1.0');
    expect(request?.headers.accept).toBe('application/json');
  });

  it('gets a mapped task instance by its map index', async () => {
    server.on('GET', MAPPED_TI, (request) =>
      ok(v1TaskInstance({ map_index: Number(request.params.map_index), state: 'success', note: 'rerun by hand' })),
    );

    const ti = await client().getTaskInstance(MAPPED);

    expect([ti.mapIndex, ti.state, ti.note]).toEqual([3, 'success', 'rerun by hand']);
    expect(server.received.map((r) => r.params)).toEqual([{ dag_id: 'etl_daily', dag_run_id: RUN_ID, task_id: 'load', map_index: '3' }]);
  });

  it.each([`scheduled__${T0}`, 'manual/with/slashes', 'manual__2024-01-01T00:00:00+00:00 retry:2'])(
    'sends run id %s as one encoded segment that reaches Airflow intact',
    async (runId) => {
      server.on('GET', TI, (request) => ok(v1TaskInstance({ dag_run_id: request.params.dag_run_id })));

      const ti = await client().getTaskInstance({ ...REF, runId });

      expect(ti.runId).toBe(runId);
      expect(server.received[0]?.params.dag_run_id).toBe(runId);
      expect(server.received[0]?.rawPath).toBe(`/api/v1/dags/etl_daily/dagRuns/${encodeURIComponent(runId)}/taskInstances/load`);
    },
  );

  it('reads "none" and unknown states as no state, and missing descriptive fields as null', async () => {
    const sparse = { task_id: 'load', dag_id: 'etl_daily', dag_run_id: RUN_ID, state: 'none' };
    server.on('GET', TI, () => ok(sparse));

    const ti = await client().getTaskInstance(REF);

    expect(ti).toEqual({
      ...REF,
      state: null,
      tryNumber: 0,
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
    });
  });

  it('lists all 250 task instances of a run through a server that caps pages at 100', async () => {
    const all = Array.from({ length: 250 }, (_, i) => v1TaskInstance({ task_id: `task_${i}` }));
    server.on('GET', TIS, pagedTaskInstances(all));

    const tis = await client().listTaskInstances('etl_daily', RUN_ID);

    expect(tis.map((ti) => ti.taskId)).toEqual(all.map((ti) => ti.task_id));
    expect(server.received.map((r) => r.query.offset)).toEqual(['0', '100', '200']);
  });

  it('advances by what the server returned when it caps the page below the asked limit', async () => {
    const all = Array.from({ length: 120 }, (_, i) => v1TaskInstance({ task_id: `task_${i}` }));
    server.on('GET', TIS, (request) => {
      const offset = Number(request.query.offset ?? 0);
      return ok({ task_instances: all.slice(offset, offset + 50), total_entries: all.length });
    });

    const tis = await client().listTaskInstances('etl_daily', RUN_ID);

    expect(tis).toHaveLength(120);
    expect(server.received.map((r) => [r.query.limit, r.query.offset])).toEqual([
      ['100', '0'],
      ['100', '50'],
      ['100', '100'],
    ]);
  });

  it('filters a run listing by state', async () => {
    server.on('GET', TIS, () => ok({ task_instances: [v1TaskInstance()], total_entries: 1 }));

    await client().listTaskInstances('etl_daily', RUN_ID, ['failed', 'upstream_failed']);

    expect(server.received[0]?.query.state).toEqual(['failed', 'upstream_failed']);
  });

  it('lists failed and up-for-retry task instances across runs, newest first', async () => {
    const tis = [
      v1TaskInstance({ task_id: 'old', start_date: '2024-01-01T01:00:00+00:00' }),
      v1TaskInstance({ task_id: 'newest', state: 'up_for_retry', start_date: '2024-01-01T03:00:00+00:00' }),
      v1TaskInstance({ task_id: 'middle', start_date: '2024-01-01T02:00:00+00:00' }),
    ];
    server.on('GET', TIS, pagedTaskInstances(tis));

    const failed = await client().listFailedTaskInstances({ since: new Date('2024-01-01T00:00:00Z'), limit: 2 });

    expect(failed.map((ti) => ti.taskId)).toEqual(['newest', 'middle']);
    expect(server.received[0]?.params).toEqual({ dag_id: '~', dag_run_id: '~' });
    expect(server.received[0]?.query).toEqual({
      state: ['failed', 'up_for_retry'],
      start_date_gte: '2024-01-01T00:00:00.000Z',
      limit: '100',
      offset: '0',
    });
  });

  it('limits failed task instances to one DAG when asked', async () => {
    server.on('GET', TIS, pagedTaskInstances([]));
    dagExists();

    await client().listFailedTaskInstances({ dagId: 'etl_daily' });

    expect(server.received[0]?.params).toEqual({ dag_id: 'etl_daily', dag_run_id: '~' });
  });

  it('lists recent runs newest first by execution date', async () => {
    server.on('GET', '/api/v1/dags/{dag_id}/dagRuns', () =>
      ok({ dag_runs: [v1DagRun('run_2', '2024-01-02T00:00:00+00:00', 'failed'), v1DagRun(RUN_ID, T0)], total_entries: 9 }),
    );

    const runs = await client().recentRuns('etl_daily', 2);

    expect(runs).toEqual([
      {
        dagId: 'etl_daily',
        runId: 'run_2',
        state: 'failed',
        logicalDate: '2024-01-02T00:00:00+00:00',
        runAfter: '2024-01-02T00:00:00+00:00',
        startDate: '2024-01-02T00:00:00+00:00',
        endDate: null,
        runType: 'scheduled',
        note: null,
      },
      expect.objectContaining({ runId: RUN_ID, state: 'success' }),
    ]);
    expect(server.received[0]?.query).toEqual({ order_by: '-execution_date', limit: '2', offset: '0' });
  });
});

describe('Airflow 2 client: what ended since an instant (the watcher)', () => {
  const TI_BATCH = '/api/v1/dags/~/dagRuns/~/taskInstances/list';
  const RUN_BATCH = '/api/v1/dags/~/dagRuns/list';

  it('asks the batch list for task instances by state and end date, in one request when they fit a page', async () => {
    server.on('POST', TI_BATCH, () => ok({ task_instances: [v1TaskInstance({ task_id: 'load' })], total_entries: 1 }));

    const ended = await client().listEndedTaskInstances({ states: ['failed', 'up_for_retry'], endedSince: new Date('2024-01-01T00:00:00Z') });

    expect(ended.map((ti) => [ti.dagId, ti.taskId, ti.state])).toEqual([['etl_daily', 'load', 'failed']]);
    expect(server.received.map((request) => [request.method, request.rawPath, request.body])).toEqual([
      ['POST', TI_BATCH, { state: ['failed', 'up_for_retry'], end_date_gte: '2024-01-01T00:00:00.000Z', page_limit: 100, page_offset: 0 }],
    ]);
  });

  it('asks the batch list of runs by state, end date and DAG', async () => {
    server.on('POST', RUN_BATCH, () => ok({ dag_runs: [v1DagRun(RUN_ID, T0)], total_entries: 1 }));

    const runs = await client().listEndedRuns({ states: ['failed', 'success'], endedSince: new Date('2024-01-01T00:00:00Z'), dagIds: ['etl_daily'] });

    expect(runs.map((run) => [run.dagId, run.runId])).toEqual([['etl_daily', RUN_ID]]);
    expect(server.received[0]?.body).toEqual({
      states: ['failed', 'success'],
      end_date_gte: '2024-01-01T00:00:00.000Z',
      dag_ids: ['etl_daily'],
      page_limit: 100,
      page_offset: 0,
    });
  });
});

describe('Airflow 2 client: resolving runs', () => {
  const RUNS = '/api/v1/dags/{dag_id}/dagRuns';

  it('resolves a run by id', async () => {
    server.on('GET', `${RUNS}/{dag_run_id}`, (request) => ok(v1DagRun(request.params.dag_run_id ?? '', T0)));

    const run = await client().resolveRun('etl_daily', { kind: 'id', runId: 'manual/with/slashes' });

    expect(run.runId).toBe('manual/with/slashes');
  });

  it('resolves the latest run with one newest-first item', async () => {
    server.on('GET', RUNS, () => ok({ dag_runs: [v1DagRun('run_9', '2024-01-09T00:00:00+00:00')], total_entries: 9 }));

    const run = await client().resolveRun('etl_daily', { kind: 'latest' });

    expect(run.runId).toBe('run_9');
    expect(server.received[0]?.query).toEqual({ order_by: '-execution_date', limit: '1', offset: '0' });
  });

  it('resolves a run by its logical date with the same instant as both bounds', async () => {
    server.on('GET', RUNS, () => ok({ dag_runs: [v1DagRun(RUN_ID, T0)], total_entries: 1 }));

    const run = await client().resolveRun('etl_daily', { kind: 'date', date: new Date('2024-01-01T00:00:00Z') });

    expect(run.runId).toBe(RUN_ID);
    expect(server.received[0]?.query).toEqual({
      order_by: '-execution_date',
      execution_date_gte: '2024-01-01T00:00:00.000Z',
      execution_date_lte: '2024-01-01T00:00:00.000Z',
      limit: '10',
      offset: '0',
    });
  });

  it('says which DAG and which date when no run has that logical date', async () => {
    server.on('GET', RUNS, () => ok({ dag_runs: [], total_entries: 0 }));
    dagExists();

    await expectBotError(client().resolveRun('etl_daily', { kind: 'date', date: new Date('2024-03-01T00:00:00Z') }), 'not_found', 'prod-eu: DAG etl_daily has no run with logical date 2024-03-01T00:00:00Z');
  });

  it('says the DAG has no runs when the latest is asked of an empty DAG', async () => {
    server.on('GET', RUNS, () => ok({ dag_runs: [], total_entries: 0 }));
    dagExists();

    await expectBotError(client().resolveRun('etl_daily', { kind: 'latest' }), 'not_found', 'prod-eu: DAG etl_daily has no runs');
  });

  it('says a DAG Airflow 2 does not have is not found, as Airflow 3 does, instead of "no runs"', async () => {
    server.on('GET', RUNS, () => ok({ dag_runs: [], total_entries: 0 }));
    noSuchDag();

    await expectBotError(
      client().resolveRun('nope', { kind: 'latest' }),
      'not_found',
      'prod-eu: the runs of DAG nope not found: The DAG with dag_id: nope was not found',
    );
    await expectBotError(client().recentRuns('nope', 5), 'not_found', 'prod-eu: the runs of DAG nope not found: The DAG with dag_id: nope was not found');
  });

  it('says not found for the failed task instances of a DAG Airflow 2 does not have', async () => {
    server.on('GET', TIS, pagedTaskInstances([]));
    noSuchDag();

    await expectBotError(
      client().listFailedTaskInstances({ dagId: 'nope' }),
      'not_found',
      'prod-eu: the failed task instances of DAG nope not found: The DAG with dag_id: nope was not found',
    );
  });

  it('does not ask for the DAG when runs came back, or when all DAGs were asked', async () => {
    server.on('GET', RUNS, () => ok({ dag_runs: [v1DagRun(RUN_ID, T0)], total_entries: 1 }));
    server.on('GET', TIS, pagedTaskInstances([]));

    await client().resolveRun('etl_daily', { kind: 'latest' });
    await client().listFailedTaskInstances({});

    expect(server.hits('GET', DAG)).toBe(0);
  });
});

describe('Airflow 2 client: tries, logs and links', () => {
  it('lists tries oldest first, mapped ones on the mapped route', async () => {
    server.on('GET', `${MAPPED_TI}/tries`, () =>
      ok({ task_instances_history: [v1Try(2, 'failed'), v1Try(1, 'up_for_retry')], total_entries: 2 }),
    );

    const tries = await client().listTries(MAPPED);

    expect(tries).toEqual([
      { tryNumber: 1, state: 'up_for_retry', startDate: '2024-01-01T01:00:00+00:00', endDate: '2024-01-01T01:05:00+00:00', durationSeconds: 12, hostname: 'worker-1' },
      { tryNumber: 2, state: 'failed', startDate: '2024-01-01T01:00:00+00:00', endDate: '2024-01-01T01:05:00+00:00', durationSeconds: 12, hostname: 'worker-2' },
    ]);
    expect(server.received[0]?.params.map_index).toBe('3');
  });

  it('lists tries of an unmapped task instance', async () => {
    server.on('GET', `${TI}/tries`, () => ok({ task_instances_history: [v1Try(1, 'failed')], total_entries: 1 }));

    expect((await client().listTries(REF)).map((t) => t.tryNumber)).toEqual([1]);
  });

  it("reads a log in JSON pages whose content is Python's repr of (host, text) tuples when the server ignores Accept", async () => {
    const content = String.raw`[('worker-1', '*** Found local files:\n[2024-01-01T01:00:00.000+0000] {taskinstance.py:1} ERROR - Task failed\nTraceback (most recent call last):\n  File "/dags/etl.py", line 3, in load\nValueError: it\'s broken\n')]`;
    server.on('GET', `${TI}/logs/{task_try_number}`, () => ok({ content, continuation_token: endedToken() }));
    const lines: string[] = [];

    const summary = await client().readLog(REF, 2, (line) => lines.push(line));

    expect(lines).toEqual([
      '*** Found local files:',
      '[2024-01-01T01:00:00.000+0000] {taskinstance.py:1} ERROR - Task failed',
      'Traceback (most recent call last):',
      '  File "/dags/etl.py", line 3, in load',
      "ValueError: it's broken",
    ]);
    expect(summary).toMatchObject({ format: 'json-pages' });
    expect(server.received.map((request) => request.params.task_try_number)).toEqual(['2', '2']);
    expect(server.received.map((request) => request.headers.accept)).toEqual(['text/plain', 'application/json']);
  });

  it('passes the token and the map index on between pages, and ends when the token says the log has ended', async () => {
    const going = `${Buffer.from(JSON.stringify({ end_of_log: false, log_pos: 10 })).toString('base64url')}.c2ln`;
    server.on('GET', `${TI}/logs/{task_try_number}`, (request) =>
      ok(request.query.token === going ? { content: 'plain line\n', continuation_token: endedToken() } : { content: 'first line\n', continuation_token: going }),
    );
    const lines: string[] = [];

    await client().readLog(MAPPED, 1, (line) => lines.push(line));

    expect(lines).toEqual(['first line', 'plain line']);
    expect(server.received.map((request) => request.query)).toEqual([
      { full_content: 'true', map_index: '3' },
      { map_index: '3' },
      { map_index: '3', token: going },
    ]);
  });

  it('refuses try 0 without asking Airflow', async () => {
    await expectBotError(client().readLog(REF, 0, () => undefined), 'invalid', 'prod-eu: try 0 does not exist: tries count from 1');
    expect(server.received).toEqual([]);
  });

  it('reads extra links, a missing href as no URL', async () => {
    server.on('GET', `${TI}/links`, () =>
      ok({ extra_links: [{ name: 'Job', href: 'https://jobs.example/1' }, { name: 'Dashboard', href: '' }] }),
    );

    const links = await client().extraLinks(MAPPED);

    expect(links).toEqual([
      { name: 'Job', url: 'https://jobs.example/1' },
      { name: 'Dashboard', url: null },
    ]);
    expect(server.received[0]?.query).toEqual({ map_index: '3' });
  });

  it('reads the version', async () => {
    server.on('GET', '/api/v1/version', () => ok({ version: '2.10.5', git_version: null }));

    expect(await client().version()).toEqual({ dialect: 'v1', version: '2.10.5' });
  });
});

describe('Airflow 2 client: actions and notes', () => {
  const MARK_SUCCESS: TaskAction = { kind: 'set_state', newState: 'success', includeUpstream: false, includeDownstream: true };
  const CLEAR: TaskAction = { kind: 'clear', includeUpstream: false, includeDownstream: true };
  const runListing = [
    v1TaskInstance({ task_id: 'load', state: 'failed' }),
    v1TaskInstance({ task_id: 'report', state: 'upstream_failed' }),
    v1TaskInstance({ task_id: 'unrelated', state: 'success' }),
  ];

  it('previews marking with relatives as a dry run and fills states from the run', async () => {
    server.on('POST', '/api/v1/dags/{dag_id}/updateTaskInstancesState', () =>
      ok({ task_instances: [v1Reference('load'), v1Reference('report')] }),
    );
    server.on('GET', TIS, pagedTaskInstances(runListing));

    const preview = await client().previewAction(REF, MARK_SUCCESS);

    expect(preview).toEqual({
      target: REF,
      action: MARK_SUCCESS,
      affected: [
        { ...REF, state: 'failed' },
        { ...REF, taskId: 'report', state: 'upstream_failed' },
      ],
    });
    expect(server.requestsTo('POST')[0]?.body).toEqual({
      dry_run: true,
      task_id: 'load',
      dag_run_id: RUN_ID,
      new_state: 'success',
      include_upstream: false,
      include_downstream: true,
      include_future: false,
      include_past: false,
    });
  });

  it('applies marking for real and reports each state from before the change', async () => {
    let applied = false;
    server.on('GET', TIS, (request) =>
      pagedTaskInstances(applied ? runListing.map((ti) => ({ ...ti, state: 'success' })) : runListing)(request),
    );
    server.on('POST', '/api/v1/dags/{dag_id}/updateTaskInstancesState', () => {
      applied = true;
      return ok({ task_instances: [v1Reference('load'), v1Reference('report')] });
    });

    const changed = await client().applyAction(REF, MARK_SUCCESS);

    expect(changed).toEqual([
      { ...REF, state: 'failed' },
      { ...REF, taskId: 'report', state: 'upstream_failed' },
    ]);
    expect(server.requestsTo('POST')[0]?.body).toEqual(expect.objectContaining({ dry_run: false }));
  });

  it('marks a mapped task instance on its own route, dry run then for real', async () => {
    server.on('PATCH', MAPPED_TI, () => ok(v1Reference('load')));
    server.on('GET', TIS, pagedTaskInstances([v1TaskInstance({ map_index: 3, state: 'failed' }), v1TaskInstance({ map_index: 4 })]));
    const action: TaskAction = { kind: 'set_state', newState: 'skipped', includeUpstream: false, includeDownstream: false };

    const preview = await client().previewAction(MAPPED, action);
    const changed = await client().applyAction(MAPPED, action);

    expect(preview.affected).toEqual([{ ...MAPPED, state: 'failed' }]);
    expect(changed).toEqual([{ ...MAPPED, state: 'failed' }]);
    expect(server.requestsTo('PATCH').map((r) => r.body)).toEqual([
      { dry_run: true, new_state: 'skipped' },
      { dry_run: false, new_state: 'skipped' },
    ]);
  });

  it('refuses to mark a mapped task instance with its relatives, which Airflow 2 cannot do, without sending anything', async () => {
    await expectBotError(client().previewAction(MAPPED, MARK_SUCCESS), 'invalid', `prod-eu: Airflow 2 cannot mark a mapped task instance together with its upstream or downstream tasks; mark task instance etl_daily / ${RUN_ID} / load [3] alone`);
    expect(server.received).toEqual([]);
  });

  it('previews and applies a clear with only the fields v1 defines', async () => {
    server.on('POST', '/api/v1/dags/{dag_id}/clearTaskInstances', () => ok({ task_instances: [v1Reference('load'), v1Reference('report')] }));
    server.on('GET', TIS, pagedTaskInstances(runListing));

    const preview = await client().previewAction(REF, CLEAR);
    await client().applyAction(REF, CLEAR);

    expect(preview.affected).toEqual([
      { ...REF, state: 'failed' },
      { ...REF, taskId: 'report', state: 'upstream_failed' },
    ]);
    expect(server.requestsTo('POST').map((r) => r.body)).toEqual([
      {
        dry_run: true,
        task_ids: ['load'],
        dag_run_id: RUN_ID,
        only_failed: false,
        reset_dag_runs: true,
        include_upstream: false,
        include_downstream: true,
        include_future: false,
        include_past: false,
      },
      expect.objectContaining({ dry_run: false, task_ids: ['load'] }),
    ]);
  });

  it('expands the references of a cleared mapped task to its map indexes', async () => {
    server.on('POST', '/api/v1/dags/{dag_id}/clearTaskInstances', () => ok({ task_instances: [v1Reference('load'), v1Reference('load')] }));
    server.on('GET', TIS, pagedTaskInstances([v1TaskInstance({ map_index: 0, state: 'success' }), v1TaskInstance({ map_index: 1, state: 'failed' })]));

    const preview = await client().previewAction(MAPPED, { kind: 'clear', includeUpstream: false, includeDownstream: false });

    expect(preview.affected).toEqual([
      { ...REF, mapIndex: 0, state: 'success' },
      { ...REF, mapIndex: 1, state: 'failed' },
    ]);
  });

  it('sets a note on the unmapped and the mapped route', async () => {
    server.on('PATCH', `${TI}/setNote`, () => ok(v1TaskInstance({ note: 'looking into it' })));
    server.on('PATCH', `${MAPPED_TI}/setNote`, () => ok(v1TaskInstance({ map_index: 3, note: 'looking into it' })));

    await client().setNote(REF, 'looking into it');
    await client().setNote(MAPPED, 'looking into it');

    expect(server.received.map((r) => [r.route, r.body])).toEqual([
      [`${TI}/setNote`, { note: 'looking into it' }],
      [`${MAPPED_TI}/setNote`, { note: 'looking into it' }],
    ]);
  });

  it('refuses a note over 1000 characters before sending anything', async () => {
    await expectBotError(client().setNote(REF, 'x'.repeat(1001)), 'invalid', 'prod-eu: a task instance note may have at most 1000 characters; this one has 1001');
    expect(server.received).toEqual([]);
  });

  it('accepts a note of exactly 1000 characters counted as Airflow counts them', async () => {
    server.on('PATCH', `${TI}/setNote`, () => ok(v1TaskInstance()));

    await client().setNote(REF, '🙂'.repeat(1000));

    expect(server.hits('PATCH')).toBe(1);
  });
});
