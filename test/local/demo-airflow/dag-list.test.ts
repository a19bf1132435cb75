import { createAirflowClient } from '../../../src/airflow/create-airflow-client';
import { AirflowContract } from '../../helpers/airflow-contract';
import { dagIdMatcher } from '../../../local/demo-airflow/dag-list';
import { startDemoAirflow, type DemoAirflow } from '../../../local/demo-airflow/server';
import { FAST_RETRY, FakeCredentials, deployment } from '../../airflow/payloads';
import { ContractClient } from './contract-client';

const SEED_DAGS = ['etl_daily', 'fanout_big', 'flaky_hourly', 'ml_training', 'reports_hourly'];
/** The Airflow 3 demo also has the DAGs of its human-in-the-loop requests. */
const HITL_DAGS = ['backfill_review', 'release_approval'];
const seedOf = (dialect: 'v1' | 'v2') => (dialect === 'v2' ? [...SEED_DAGS, ...HITL_DAGS].sort() : SEED_DAGS);

describe('demo Airflow: the DAG list', () => {
  let contract: AirflowContract;
  const demos: DemoAirflow[] = [];

  beforeAll(async () => {
    contract = await AirflowContract.load();
  });
  afterAll(async () => {
    await Promise.all(demos.map((demo) => demo.close()));
  });

  async function start(dialect: 'v1' | 'v2', extraDags?: number): Promise<DemoAirflow> {
    const demo = await startDemoAirflow({ dialect, username: 'ops', password: 's3cret', ...(extraDags === undefined ? {} : { extraDags }) });
    demos.push(demo);
    return demo;
  }

  it('serves GET /api/v2/dags as the v2 spec defines it, by dag_id, with dag_id_pattern and paused', async () => {
    const demo = await start('v2', 20);
    let token = '';
    const api = new ContractClient(demo.url, contract, 'v2', () => ({ authorization: `Bearer ${token}` }));
    const login = await api.call('POST', '/auth/token', { body: { username: 'ops', password: 's3cret' }, anonymous: true });
    token = (login.body as { access_token: string }).access_token;

    const first = await api.call('GET', '/api/v2/dags', { query: { limit: '3', exclude_stale: 'true', order_by: 'dag_id' } });
    const etl = await api.call('GET', '/api/v2/dags', { query: { dag_id_pattern: 'ETL|flaky' } });
    const paused = await api.call('GET', '/api/v2/dags', { query: { paused: 'true' } });

    type Dags = { dags: { dag_id: string; is_paused: boolean }[]; total_entries: number };
    expect((first.body as Dags).dags.map((d) => d.dag_id)).toEqual(seedOf('v2').slice(0, 3));
    expect((first.body as Dags).total_entries).toBe(20 + seedOf('v2').length);
    expect((etl.body as Dags).dags.map((d) => d.dag_id)).toEqual(['etl_daily', 'flaky_hourly']);
    expect((paused.body as Dags).dags.map((d) => [d.dag_id, d.is_paused])).toEqual([
      ['generated_dag_00009', true],
      ['generated_dag_00019', true],
    ]);
    expect(api.undeclared).toEqual([]);
  });

  it.each(['v1', 'v2'] as const)('lists 5,000 generated DAGs and the seed through the bot’s client (%s)', async (dialect) => {
    const demo = await start(dialect, 5000);
    const client = createAirflowClient(deployment(demo.url, { dialect, auth: dialect === 'v1' ? 'basic' : 'password' }), {
      credentials: new FakeCredentials({ kind: 'basic', username: 'ops', password: 's3cret' }),
      retry: FAST_RETRY,
    });

    const dags = await client.listDags();

    expect(dags).toHaveLength(5000 + seedOf(dialect).length);
    expect(dags.filter((d) => seedOf(dialect).includes(d.dagId))).toEqual(seedOf(dialect).map((dagId) => ({ dagId, isPaused: false })));
    expect(dags.find((d) => d.dagId === 'generated_dag_04999')).toEqual({ dagId: 'generated_dag_04999', isPaused: true });
  });

  it('reads dag_id_pattern as Airflow does: anywhere in the id, any case, % and _ as wildcards, | between alternatives', () => {
    const matches = dagIdMatcher('ET_%ly|hourly');
    expect(['etl_daily', 'ETL_DAILY', 'reports_hourly', 'ml_training', 'etly'].filter(matches)).toEqual(['etl_daily', 'ETL_DAILY', 'reports_hourly']);
    expect(['a.b', 'axb'].filter(dagIdMatcher('a.b'))).toEqual(['a.b']);
  });
});
