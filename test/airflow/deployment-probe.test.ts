import { createAirflowClient } from '../../src/airflow/create-airflow-client';
import { probeDeployment } from '../../src/airflow/deployment-probe';
import type { AirflowClient } from '../../src/airflow/client';
import { AirflowContract } from '../helpers/airflow-contract';
import { AirflowTestServer } from '../helpers/airflow-test-server';
import { BASIC, FAST_RETRY, FakeCredentials, T0, deployment, v1DagRun, v1Problem, PROBLEM_JSON, v2DagRun } from './payloads';

const RUNS_V2 = '/api/v2/dags/{dag_id}/dagRuns';
const RUNS_V1 = '/api/v1/dags/{dag_id}/dagRuns';
const BAD_GATEWAY = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

let contract: AirflowContract;
let server: AirflowTestServer;

beforeAll(async () => {
  contract = await AirflowContract.load();
  server = await AirflowTestServer.start(contract);
});
afterEach(() => server.endTest());
afterAll(() => server.close());

function client(dialect: 'v1' | 'v2' | 'auto' = 'v2', url = server.url): AirflowClient {
  return createAirflowClient(deployment(url, { dialect, auth: dialect === 'v1' ? 'basic' : 'bearer' }), {
    credentials: new FakeCredentials(dialect === 'v1' ? BASIC : { kind: 'bearer', token: 't' }),
    retry: FAST_RETRY,
  });
}

function healthyV2(version = '3.1.0'): void {
  server.on('GET', '/api/v2/version', () => ({ status: 200, json: { version, git_version: null } }));
  server.on('GET', RUNS_V2, () => ({ status: 200, json: { dag_runs: [v2DagRun(`scheduled__${T0}`, T0)], total_entries: 1 } }));
}

describe('probeDeployment', () => {
  it('asks the version and reads one DAG run with the credentials, now, every time', async () => {
    healthyV2('3.1.0');
    const airflow = client('auto');

    expect(await probeDeployment(airflow, { timeoutMs: 10_000 })).toEqual({ state: 'reachable', version: '3.1.0' });
    healthyV2('3.1.1');
    expect(await probeDeployment(airflow, { timeoutMs: 10_000 })).toEqual({ state: 'reachable', version: '3.1.1' });

    const runs = server.requestsTo('GET', RUNS_V2);
    expect(runs.map((r) => [r.params.dag_id, r.query.limit, r.headers.authorization])).toEqual([
      ['~', '1', 'Bearer t'],
      ['~', '1', 'Bearer t'],
    ]);
  });

  it('says unreachable with the reason once the server is gone, never the version it had', async () => {
    const gone = await AirflowTestServer.start(contract);
    gone.on('GET', '/api/v2/version', () => ({ status: 200, json: { version: '3.1.0', git_version: null } }));
    gone.on('GET', RUNS_V2, () => ({ status: 200, json: { dag_runs: [], total_entries: 0 } }));
    const airflow = client('auto', gone.url);
    expect(await probeDeployment(airflow, { timeoutMs: 10_000 })).toEqual({ state: 'reachable', version: '3.1.0' });
    await gone.close();

    expect(await probeDeployment(airflow, { timeoutMs: 10_000 })).toEqual({
      state: 'unreachable',
      reason: `could not reach Airflow at ${gone.url} for the API version (ECONNREFUSED)`,
    });
  });

  it('says unreachable with the reason when a gateway answers 502 with an HTML page', async () => {
    server.on('GET', '/api/v2/version', () => ({ status: 502, raw: BAD_GATEWAY, contentType: 'text/html', why: 'a proxy in front of Airflow' }));
    server.on('GET', RUNS_V2, () => ({ status: 502, raw: BAD_GATEWAY, contentType: 'text/html', why: 'a proxy in front of Airflow' }));

    expect(await probeDeployment(client('v2'), { timeoutMs: 10_000 })).toEqual({
      state: 'unreachable',
      reason: 'Airflow answered HTTP 502 with an HTML page for the API version (a proxy or gateway in front of Airflow?)',
    });
  });

  it('says credentials rejected when Airflow answers but refuses the bot', async () => {
    server.on('GET', '/api/v1/version', () => ({ status: 200, json: { version: '2.10.5', git_version: null } }));
    server.on('GET', RUNS_V1, () => ({
      status: 401,
      raw: JSON.stringify(v1Problem(401, 'Unauthorized')),
      contentType: PROBLEM_JSON,
      why: 'the v1 spec declares 401 for this route as a shared response',
    }));

    const health = await probeDeployment(client('v1'), { timeoutMs: 10_000 });

    expect(health.state).toBe('credentials_rejected');
    expect(health).toEqual({ state: 'credentials_rejected', reason: expect.stringMatching(/^Airflow rejected the bot's credentials for /) });
  });

  it('gives up after its own short timeout whatever the client would wait', async () => {
    server.on('GET', '/api/v2/version', () => ({ hang: true }));
    server.on('GET', RUNS_V2, () => ({ hang: true }));

    expect(await probeDeployment(client('v2'), { timeoutMs: 200 })).toEqual({ state: 'unreachable', reason: 'Airflow did not answer within 0.2 s' });
  });

  it('reads a healthy Airflow 2 the same way', async () => {
    server.on('GET', '/api/v1/version', () => ({ status: 200, json: { version: '2.10.5', git_version: null } }));
    server.on('GET', RUNS_V1, () => ({ status: 200, json: { dag_runs: [v1DagRun(`scheduled__${T0}`, T0)], total_entries: 1 } }));

    expect(await probeDeployment(client('v1'), { timeoutMs: 10_000 })).toEqual({ state: 'reachable', version: '2.10.5' });
  });
});
