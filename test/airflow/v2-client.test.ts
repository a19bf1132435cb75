import { createAirflowClient } from '../../src/airflow/create-airflow-client';
import type { TaskAction, TaskInstanceRef } from '../../src/airflow/model';
import { AirflowContract } from '../helpers/airflow-contract';
import { AirflowTestServer, type ReceivedRequest, type Reply } from '../helpers/airflow-test-server';
import { FAST_RETRY, FakeCredentials, T0, deployment, v2DagRun, v2TaskInstance, v2Try } from './payloads';

const TIS = '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances';
const TI = `${TIS}/{task_id}`;
const MAPPED_TI = `${TI}/{map_index}`;
const RUNS = '/api/v2/dags/{dag_id}/dagRuns';
const RUN_ID = `scheduled__${T0}`;
const REF: TaskInstanceRef = { dagId: 'etl_daily', runId: RUN_ID, taskId: 'load', mapIndex: -1 };
const MAPPED: TaskInstanceRef = { ...REF, mapIndex: 3 };

let server: AirflowTestServer;

beforeAll(async () => {
  server = await AirflowTestServer.start(await AirflowContract.load());
});

afterEach(() => server.endTest());

afterAll(() => server.close());

function client() {
  return createAirflowClient(deployment(server.url, { dialect: 'v2', auth: 'bearer' }), {
    credentials: new FakeCredentials({ kind: 'bearer', token: 'astro-token' }),
    retry: FAST_RETRY,
  });
}

function ok(json: unknown): Reply {
  return { status: 200, json };
}

function collection(tis: Array<Record<string, unknown>>): Reply {
  return ok({ task_instances: tis, total_entries: tis.length });
}

function pagedTaskInstances(all: Array<Record<string, unknown>>) {
  return (request: ReceivedRequest): Reply => {
    const limit = Math.min(Number(request.query.limit ?? 50), 100);
    const offset = Number(request.query.offset ?? 0);
    return ok({ task_instances: all.slice(offset, offset + limit), total_entries: all.length });
  };
}

describe('Airflow 3 client: reading', () => {
  it('gets a task instance with the bearer token, as the shared model', async () => {
    server.on('GET', TI, () => ok(v2TaskInstance({ note: 'flaky upstream' })));

    const ti = await client().getTaskInstance(REF);

    expect(ti).toEqual({
      dagId: 'etl_daily',
      runId: RUN_ID,
      taskId: 'load',
      mapIndex: -1,
      state: 'failed',
      tryNumber: 2,
      maxTries: 3,
      startDate: '2024-01-01T01:00:00Z',
      endDate: '2024-01-01T01:05:00Z',
      durationSeconds: 300.5,
      logicalDate: '2024-01-01T00:00:00Z',
      operator: 'PythonOperator',
      hostname: 'worker-1',
      pool: 'default_pool',
      queue: 'default',
      note: 'flaky upstream',
      renderedMapIndex: null,
    });
    expect(server.received[0]?.headers.authorization).toBe('Bearer astro-token');
  });

  it('gets a mapped task instance by its map index', async () => {
    server.on('GET', MAPPED_TI, (request) =>
      ok(v2TaskInstance({ map_index: Number(request.params.map_index), state: 'running' })),
    );

    const ti = await client().getTaskInstance(MAPPED);

    expect([ti.mapIndex, ti.state]).toEqual([3, 'running']);
    expect(server.received[0]?.route).toBe(MAPPED_TI);
  });

  it.each([`scheduled__${T0}`, 'manual/with/slashes'])('sends run id %s intact', async (runId) => {
    server.on('GET', TI, (request) => ok(v2TaskInstance({ dag_run_id: request.params.dag_run_id })));

    const ti = await client().getTaskInstance({ ...REF, runId });

    expect(ti.runId).toBe(runId);
    expect(server.received[0]?.rawPath).toBe(`/api/v2/dags/etl_daily/dagRuns/${encodeURIComponent(runId)}/taskInstances/load`);
  });

  it('lists all 250 task instances of a run through a server that caps pages at 100', async () => {
    const all = Array.from({ length: 250 }, (_, i) => v2TaskInstance({ task_id: `task_${i}` }));
    server.on('GET', TIS, pagedTaskInstances(all));

    const tis = await client().listTaskInstances('etl_daily', RUN_ID, ['failed']);

    expect(tis.map((ti) => ti.taskId)).toEqual(all.map((ti) => ti.task_id));
    expect(server.received.map((r) => r.query)).toEqual([
      { state: 'failed', limit: '100', offset: '0' },
      { state: 'failed', limit: '100', offset: '100' },
      { state: 'failed', limit: '100', offset: '200' },
    ]);
  });

  it('lists failed and up-for-retry task instances newest first, sorted by Airflow', async () => {
    server.on('GET', TIS, () => collection([v2TaskInstance({ task_id: 'newest' }), v2TaskInstance({ task_id: 'older' })]));

    const failed = await client().listFailedTaskInstances({ dagId: 'etl_daily', since: new Date('2024-01-01T00:00:00Z'), limit: 20 });

    expect(failed.map((ti) => ti.taskId)).toEqual(['newest', 'older']);
    expect(server.received[0]?.params).toEqual({ dag_id: 'etl_daily', dag_run_id: '~' });
    expect(server.received[0]?.query).toEqual({
      state: ['failed', 'up_for_retry'],
      start_date_gte: '2024-01-01T00:00:00.000Z',
      order_by: '-start_date',
      limit: '20',
      offset: '0',
    });
  });

  it('lists recent runs by run_after, a manual run without logical date included', async () => {
    server.on('GET', RUNS, () =>
      ok({ dag_runs: [v2DagRun('manual__1', null, 'running'), v2DagRun(RUN_ID, '2024-01-01T00:00:00Z')], total_entries: 2 }),
    );

    const runs = await client().recentRuns('etl_daily', 5);

    expect(runs[0]).toEqual({
      dagId: 'etl_daily',
      runId: 'manual__1',
      state: 'running',
      logicalDate: null,
      runAfter: '2024-02-01T00:00:00Z',
      startDate: null,
      endDate: null,
      runType: 'manual',
      note: null,
    });
    expect(runs[1]?.runId).toBe(RUN_ID);
    expect(server.received[0]?.query).toEqual({ order_by: '-run_after', limit: '5', offset: '0' });
  });

  it('resolves a run by logical date with logical_date bounds', async () => {
    server.on('GET', RUNS, () => ok({ dag_runs: [v2DagRun(RUN_ID, '2024-01-01T00:00:00Z')], total_entries: 1 }));

    const run = await client().resolveRun('etl_daily', { kind: 'date', date: new Date('2024-01-01T00:00:00Z') });

    expect(run.runId).toBe(RUN_ID);
    expect(server.received[0]?.query).toEqual({
      order_by: '-run_after',
      logical_date_gte: '2024-01-01T00:00:00.000Z',
      logical_date_lte: '2024-01-01T00:00:00.000Z',
      limit: '10',
      offset: '0',
    });
  });

  it('resolves a run by id and the latest run', async () => {
    server.on('GET', `${RUNS}/{dag_run_id}`, (request) => ok(v2DagRun(request.params.dag_run_id ?? '', null)));
    server.on('GET', RUNS, () => ok({ dag_runs: [v2DagRun('run_9', '2024-01-09T00:00:00Z')], total_entries: 9 }));

    expect((await client().resolveRun('etl_daily', { kind: 'id', runId: 'manual/with/slashes' })).runId).toBe('manual/with/slashes');
    expect((await client().resolveRun('etl_daily', { kind: 'latest' })).runId).toBe('run_9');
  });

  it('reads the version without credentials', async () => {
    server.on('GET', '/api/v2/version', () => ok({ version: '3.1.0', git_version: null }));

    expect(await client().version()).toEqual({ dialect: 'v2', version: '3.1.0' });
    expect(server.received[0]?.headers.authorization).toBeUndefined();
  });
});

describe('Airflow 3 client: what ended since an instant (the watcher)', () => {
  const TI_BATCH = '/api/v2/dags/~/dagRuns/~/taskInstances/list';
  const RUN_BATCH = '/api/v2/dags/~/dagRuns/list';

  it('asks the batch list for task instances by state and end date, ordered by end date, in one request when they fit a page', async () => {
    server.on('POST', `${TIS}/list`, () => collection([v2TaskInstance({ task_id: 'load' })]));

    const ended = await client().listEndedTaskInstances({ states: ['failed', 'up_for_retry'], endedSince: new Date('2024-01-01T00:00:00Z') });

    expect(ended.map((ti) => [ti.dagId, ti.taskId])).toEqual([['etl_daily', 'load']]);
    expect(server.received.map((request) => [request.method, request.rawPath, request.body])).toEqual([
      [
        'POST',
        TI_BATCH,
        { state: ['failed', 'up_for_retry'], end_date_gte: '2024-01-01T00:00:00.000Z', order_by: 'end_date', page_limit: 100, page_offset: 0 },
      ],
    ]);
  });

  it('asks the batch list of runs by state, end date and DAG', async () => {
    server.on('POST', `${RUNS}/list`, () => ok({ dag_runs: [v2DagRun(RUN_ID, T0)], total_entries: 1 }));

    const runs = await client().listEndedRuns({ states: ['failed'], endedSince: new Date('2024-01-01T00:00:00Z') });

    expect(runs.map((run) => [run.dagId, run.runId])).toEqual([['etl_daily', RUN_ID]]);
    expect(server.received.map((request) => [request.rawPath, request.body])).toEqual([
      [RUN_BATCH, { states: ['failed'], end_date_gte: '2024-01-01T00:00:00.000Z', order_by: 'end_date', page_limit: 100, page_offset: 0 }],
    ]);
  });
});

describe('Airflow 3 client: tries, logs and links', () => {
  it('lists tries of an unmapped task instance with map_index=-1, and of a mapped one on its route', async () => {
    server.on('GET', `${TI}/tries`, () => collection([v2Try(2, 'failed'), v2Try(1, 'up_for_retry')]));
    server.on('GET', `${MAPPED_TI}/tries`, () => collection([v2Try(1, 'success', 3)]));

    const tries = await client().listTries(REF);
    const mapped = await client().listTries(MAPPED);

    expect(tries.map((t) => [t.tryNumber, t.state, t.hostname])).toEqual([
      [1, 'up_for_retry', 'worker-1'],
      [2, 'failed', 'worker-2'],
    ]);
    expect(mapped.map((t) => t.tryNumber)).toEqual([1]);
    expect(server.received.map((r) => [r.route, r.query])).toEqual([
      [`${TI}/tries`, { map_index: '-1' }],
      [`${MAPPED_TI}/tries`, {}],
    ]);
  });

  it('renders structured log messages read in JSON pages as text lines with their traceback', async () => {
    server.on('GET', `${TI}/logs/{try_number}`, (request) =>
      ok(request.query.token === 'next-page' ? { content: [], continuation_token: 'after-next' } : {
        content: [
          { event: '::group::Log message source details', sources: ['/logs/attempt=2.log'] },
          { timestamp: '2024-01-01T01:00:00.000000Z', level: 'info', event: 'Running task', logger: 'airflow.task', try_number: 2 },
          {
            timestamp: '2024-01-01T01:00:01.000000Z',
            level: 'error',
            event: 'Task failed with exception',
            logger: 'task',
            error_detail: [
              {
                exc_type: 'RuntimeError',
                exc_value: 'load failed',
                exc_notes: [],
                syntax_error: null,
                is_cause: false,
                frames: [{ filename: '/dags/etl.py', lineno: 9, name: 'load' }],
                is_group: false,
                exceptions: [],
              },
              {
                exc_type: 'ValueError',
                exc_value: 'bad row 7',
                exc_notes: [],
                syntax_error: null,
                is_cause: true,
                frames: [{ filename: '/dags/etl.py', lineno: 3, name: 'parse' }],
                is_group: false,
                exceptions: [],
              },
            ],
          },
        ],
        continuation_token: 'next-page',
      }),
    );

    const lines: string[] = [];

    const summary = await client().readLog(REF, 2, (line) => lines.push(line));

    expect(lines).toEqual([
        '::group::Log message source details',
        '2024-01-01T01:00:00.000000Z INFO Running task try_number=2',
        '2024-01-01T01:00:01.000000Z ERROR Task failed with exception',
        'Traceback (most recent call last):',
        '  File "/dags/etl.py", line 3, in parse',
        'ValueError: bad row 7',
        '',
        'The above exception was the direct cause of the following exception:',
        '',
        'Traceback (most recent call last):',
        '  File "/dags/etl.py", line 9, in load',
        'RuntimeError: load failed',
    ]);
    // An empty page with a token is a running try with nothing new yet: the end for now.
    expect(summary).toMatchObject({ format: 'json-pages' });
    expect(server.received.map((request) => request.params.try_number)).toEqual(['2', '2', '2']);
    expect(server.received.map((request) => request.query)).toEqual([
      { full_content: 'true', map_index: '-1' },
      { map_index: '-1' },
      { map_index: '-1', token: 'next-page' },
    ]);
    expect(server.received.map((request) => request.headers.accept)).toEqual(['application/x-ndjson', 'application/json', 'application/json']);
  });

  it('reads log pages of plain strings for a mapped instance, ending at a null token', async () => {
    server.on('GET', `${TI}/logs/{try_number}`, (request) =>
      ok(request.query.token === 'token-1' ? { content: ['first\nsecond\n', 'third'], continuation_token: null } : { content: ['zeroth'], continuation_token: 'token-1' }),
    );
    const lines: string[] = [];

    await client().readLog(MAPPED, 1, (line) => lines.push(line));

    expect(lines).toEqual(['zeroth', 'first', 'second', 'third']);
    expect(server.received.at(-1)?.query).toEqual({ map_index: '3', token: 'token-1' });
  });

  it('reads the extra links map, a link without target as no URL', async () => {
    server.on('GET', `${TI}/links`, () =>
      ok({ extra_links: { 'BigQuery job': 'https://console.example/job/1', Dashboard: null }, total_entries: 2 }),
    );

    const links = await client().extraLinks(REF);

    expect(links).toEqual([
      { name: 'BigQuery job', url: 'https://console.example/job/1' },
      { name: 'Dashboard', url: null },
    ]);
    expect(server.received[0]?.query).toEqual({ map_index: '-1' });
  });
});

describe('Airflow 3 client: actions and notes', () => {
  const MARK_FAILED: TaskAction = { kind: 'set_state', newState: 'failed', includeUpstream: true, includeDownstream: false };
  const CLEAR: TaskAction = { kind: 'clear', includeUpstream: false, includeDownstream: true };
  const affected = [v2TaskInstance({ task_id: 'extract', state: 'success' }), v2TaskInstance({ task_id: 'load', state: 'running' })];

  it('previews marking on the dry_run route, without a dry_run field, with the states Airflow returns', async () => {
    server.on('PATCH', `${TI}/dry_run`, () => collection(affected));

    const preview = await client().previewAction(REF, MARK_FAILED);

    expect(preview).toEqual({
      target: REF,
      action: MARK_FAILED,
      affected: [
        { ...REF, taskId: 'extract', state: 'success' },
        { ...REF, state: 'running' },
      ],
    });
    expect(server.received.map((r) => [r.route, r.query, r.body])).toEqual([
      [
        `${TI}/dry_run`,
        { map_index: '-1' },
        { new_state: 'failed', include_upstream: true, include_downstream: false, include_future: false, include_past: false },
      ],
    ]);
  });

  it('applies marking on the task instance route and reports states from before the change', async () => {
    server.on('GET', TIS, pagedTaskInstances(affected));
    server.on('PATCH', TI, () => collection(affected.map((ti) => ({ ...ti, state: 'failed' }))));

    const changed = await client().applyAction(REF, MARK_FAILED);

    expect(changed).toEqual([
      { ...REF, taskId: 'extract', state: 'success' },
      { ...REF, state: 'running' },
    ]);
    expect(server.requestsTo('PATCH').map((r) => [r.route, r.query])).toEqual([[TI, { map_index: '-1' }]]);
  });

  it('marks a mapped task instance on its map-index routes', async () => {
    const mappedTi = v2TaskInstance({ map_index: 3, state: 'failed' });
    server.on('PATCH', `${MAPPED_TI}/dry_run`, () => collection([mappedTi]));
    server.on('PATCH', MAPPED_TI, () => collection([{ ...mappedTi, state: 'success' }]));
    server.on('GET', TIS, pagedTaskInstances([mappedTi]));
    const action: TaskAction = { kind: 'set_state', newState: 'success', includeUpstream: false, includeDownstream: false };

    const preview = await client().previewAction(MAPPED, action);
    const changed = await client().applyAction(MAPPED, action);

    expect(preview.affected).toEqual([{ ...MAPPED, state: 'failed' }]);
    expect(changed).toEqual([{ ...MAPPED, state: 'failed' }]);
    expect(server.requestsTo('PATCH').map((r) => [r.route, r.query])).toEqual([
      [`${MAPPED_TI}/dry_run`, {}],
      [MAPPED_TI, {}],
    ]);
  });

  it('clears a mapped task instance by [task_id, map_index], dry run first', async () => {
    const mappedTi = v2TaskInstance({ map_index: 3, state: 'failed' });
    server.on('POST', '/api/v2/dags/{dag_id}/clearTaskInstances', () => collection([mappedTi]));
    server.on('GET', TIS, pagedTaskInstances([mappedTi]));

    const preview = await client().previewAction(MAPPED, CLEAR);
    await client().applyAction(MAPPED, CLEAR);

    expect(preview.affected).toEqual([{ ...MAPPED, state: 'failed' }]);
    expect(server.requestsTo('POST').map((r) => r.body)).toEqual([
      {
        dry_run: true,
        task_ids: [['load', 3]],
        dag_run_id: RUN_ID,
        only_failed: false,
        reset_dag_runs: true,
        include_upstream: false,
        include_downstream: true,
        include_future: false,
        include_past: false,
      },
      expect.objectContaining({ dry_run: false, task_ids: [['load', 3]] }),
    ]);
  });

  it('clears an unmapped task instance by its task id', async () => {
    server.on('POST', '/api/v2/dags/{dag_id}/clearTaskInstances', () => collection([v2TaskInstance()]));

    await client().previewAction(REF, CLEAR);

    expect(server.requestsTo('POST')[0]?.body).toEqual(expect.objectContaining({ task_ids: ['load'] }));
  });

  it('sets a note with update_mask=note on the unmapped and the mapped route', async () => {
    server.on('PATCH', TI, () => collection([v2TaskInstance({ note: 'on it' })]));
    server.on('PATCH', MAPPED_TI, () => collection([v2TaskInstance({ map_index: 3, note: 'on it' })]));

    await client().setNote(REF, 'on it');
    await client().setNote(MAPPED, 'on it');

    expect(server.received.map((r) => [r.route, r.query, r.body])).toEqual([
      [TI, { update_mask: 'note', map_index: '-1' }, { note: 'on it' }],
      [MAPPED_TI, { update_mask: 'note' }, { note: 'on it' }],
    ]);
  });
});
