import { createAirflowClient } from '../../src/airflow/create-airflow-client';
import { expectBotError } from './expect-bot-error';
import { AirflowContract } from '../helpers/airflow-contract';
import { AirflowTestServer, type ReceivedRequest, type Reply } from '../helpers/airflow-test-server';
import { BASIC, FAST_RETRY, FakeCredentials, deployment } from './payloads';

let server: AirflowTestServer;

beforeAll(async () => {
  server = await AirflowTestServer.start(await AirflowContract.load());
});

afterEach(() => server.endTest());

afterAll(() => server.close());

const ids = (count: number) => Array.from({ length: count }, (_, i) => `dag_${String(i).padStart(4, '0')}`);

/** A whole `DAGResponse` as Airflow 3 sends it. */
function v2Dag(dagId: string, isPaused: boolean): Record<string, unknown> {
  return {
    dag_id: dagId,
    dag_display_name: dagId,
    is_paused: isPaused,
    is_stale: false,
    last_parsed_time: '2026-11-22T00:00:00Z',
    last_parse_duration: 0.2,
    last_expired: null,
    bundle_name: 'dags-folder',
    bundle_version: null,
    relative_fileloc: `${dagId}.py`,
    fileloc: `/opt/airflow/dags/${dagId}.py`,
    description: null,
    timetable_summary: '@daily',
    timetable_description: 'At 00:00',
    timetable_partitioned: false,
    tags: [],
    max_active_tasks: 16,
    max_active_runs: 16,
    max_consecutive_failed_dag_runs: 0,
    has_task_concurrency_limits: false,
    has_import_errors: false,
    next_dagrun_logical_date: null,
    next_dagrun_data_interval_start: null,
    next_dagrun_data_interval_end: null,
    next_dagrun_run_after: null,
    allowed_run_types: null,
    owners: ['airflow'],
    file_token: 'token',
  };
}

/** Serves `all` in pages of at most 100, as Airflow's default `maximum_page_limit` does. */
function paged(all: string[], render: (page: string[], total: number) => Reply) {
  return (request: ReceivedRequest): Reply => {
    const limit = Math.min(Number(request.query.limit ?? 50), 100);
    const offset = Number(request.query.offset ?? 0);
    return render(all.slice(offset, offset + limit), all.length);
  };
}

describe('Airflow 3 client: the DAG list', () => {
  const client = () =>
    createAirflowClient(deployment(server.url, { dialect: 'v2', auth: 'bearer' }), {
      credentials: new FakeCredentials({ kind: 'bearer', token: 't' }),
      retry: FAST_RETRY,
    });

  it('lists 5,000 DAGs by id with their paused flag, asking for stale DAGs to be left out', async () => {
    const all = ids(5000);
    server.on(
      'GET',
      '/api/v2/dags',
      paged(all, (page, total) => ({ status: 200, json: { dags: page.map((id) => v2Dag(id, id.endsWith('7'))), total_entries: total } })),
    );

    const dags = await client().listDags();

    expect(dags).toHaveLength(5000);
    expect(dags.slice(6, 8)).toEqual([
      { dagId: 'dag_0006', isPaused: false },
      { dagId: 'dag_0007', isPaused: true },
    ]);
    expect(dags.map((d) => d.dagId)).toEqual(all);
    expect(server.received).toHaveLength(50);
    expect(server.received[0]?.query).toEqual({ exclude_stale: 'true', order_by: 'dag_id', limit: '100', offset: '0' });
  });

  it('stops at maxDags', async () => {
    server.on(
      'GET',
      '/api/v2/dags',
      paged(ids(450), (page, total) => ({ status: 200, json: { dags: page.map((id) => v2Dag(id, false)), total_entries: total } })),
    );

    const dags = await client().listDags({ maxDags: 250 });

    expect(dags.map((d) => d.dagId)).toEqual(ids(250));
    expect(server.received.map((r) => [r.query.offset, r.query.limit])).toEqual([
      ['0', '100'],
      ['100', '100'],
      ['200', '50'],
    ]);
  });

  it('refuses a maxDags below 1 without asking Airflow', async () => {
    await expectBotError(client().listDags({ maxDags: 0 }), 'invalid', 'prod-eu: the number of DAGs must be at least 1, not 0');
    expect(server.received).toEqual([]);
  });

  it('says the DAG list could not be read when Airflow refuses the bot', async () => {
    server.on('GET', '/api/v2/dags', () => ({ status: 403, json: { detail: 'Forbidden' } }));

    const error = await client().listDags().catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'forbidden' });
    expect((error as Error).message).toContain('the DAG list');
  });
});

describe('Airflow 2 client: the DAG list', () => {
  const client = () =>
    createAirflowClient(deployment(server.url, { dialect: 'v1', auth: 'basic' }), { credentials: new FakeCredentials(BASIC), retry: FAST_RETRY });

  it('lists the active DAGs by id, a paused flag Airflow 2 leaves out being null', async () => {
    const all = ids(130);
    server.on(
      'GET',
      '/api/v1/dags',
      paged(all, (page, total) => ({
        status: 200,
        raw: JSON.stringify({
          dags: page.map((id) => (id === 'dag_0001' ? { dag_id: id } : { dag_id: id, is_paused: id === 'dag_0002', is_active: true })),
          total_entries: total,
        }),
        contentType: 'application/json',
        why: 'the published v1 DAG schema does not compile in a strict validator ("nullable" without "type")',
      })),
    );

    const dags = await client().listDags();

    expect(dags.slice(0, 3)).toEqual([
      { dagId: 'dag_0000', isPaused: false },
      { dagId: 'dag_0001', isPaused: null },
      { dagId: 'dag_0002', isPaused: true },
    ]);
    expect(dags).toHaveLength(130);
    expect(server.received[0]?.query).toEqual({ only_active: 'true', order_by: 'dag_id', limit: '100', offset: '0' });
  });
});
