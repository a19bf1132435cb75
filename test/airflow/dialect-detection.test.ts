import { createAirflowClient } from '../../src/airflow/create-airflow-client';
import type { TaskInstanceRef } from '../../src/airflow/model';
import { DEFAULT_USER_AGENT } from '../../src/airflow/user-agent';
import { AirflowContract } from '../helpers/airflow-contract';
import { AirflowTestServer } from '../helpers/airflow-test-server';
import { expectBotError } from './expect-bot-error';
import { BASIC, BASIC_HEADER, FAST_RETRY, FakeCredentials, PROBLEM_JSON, T0, deployment, v1Problem, v1TaskInstance, v2TaskInstance } from './payloads';

const REF: TaskInstanceRef = { dagId: 'etl_daily', runId: `scheduled__${T0}`, taskId: 'load', mapIndex: -1 };

let server: AirflowTestServer;

beforeAll(async () => {
  server = await AirflowTestServer.start(await AirflowContract.load());
});

afterEach(() => server.endTest());

afterAll(() => server.close());

function autoClient() {
  return createAirflowClient(deployment(server.url, { dialect: 'auto', auth: 'basic' }), {
    credentials: new FakeCredentials(BASIC),
    retry: FAST_RETRY,
  });
}

describe('dialect auto-detection', () => {
  it('speaks v2 when /api/v2/version answers, and asks only once per client', async () => {
    server.on('GET', '/api/v2/version', () => ({ status: 200, json: { version: '3.1.0', git_version: null } }));
    server.on('GET', '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}', () => ({ status: 200, json: v2TaskInstance() }));
    const client = autoClient();

    await client.getTaskInstance(REF);
    await client.getTaskInstance(REF);
    const version = await client.version();

    expect(version).toEqual({ dialect: 'v2', version: '3.1.0' });
    expect(server.received.map((r) => r.rawPath)).toEqual([
      '/api/v2/version',
      `/api/v2/dags/etl_daily/dagRuns/${encodeURIComponent(REF.runId)}/taskInstances/load`,
      `/api/v2/dags/etl_daily/dagRuns/${encodeURIComponent(REF.runId)}/taskInstances/load`,
    ]);
    expect(server.received[0]?.headers.authorization).toBeUndefined();
  });

  it('sends Accept: application/json and the User-Agent on the anonymous probes too', async () => {
    server.on('GET', '/api/v1/version', () => ({ status: 200, json: { version: '2.10.5', git_version: null } }));
    server.on('GET', '/api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}', () => ({ status: 200, json: v1TaskInstance() }));

    await autoClient().getTaskInstance(REF);

    expect(server.received.map((r) => [r.rawPath, r.headers.accept, r.headers['user-agent']])).toEqual([
      ['/api/v2/version', 'application/json', DEFAULT_USER_AGENT],
      ['/api/v1/version', 'application/json', DEFAULT_USER_AGENT],
      [`/api/v1/dags/etl_daily/dagRuns/${encodeURIComponent(REF.runId)}/taskInstances/load`, 'application/json', DEFAULT_USER_AGENT],
    ]);
  });

  it('asks /api/v2/version again with credentials when a gateway refuses it without them', async () => {
    server.on('GET', '/api/v2/version', (request) =>
      request.headers.authorization === 'Bearer astro-token'
        ? { status: 200, json: { version: '3.0.6', git_version: null } }
        : { status: 401, raw: 'Unauthorized', contentType: 'text/plain', why: 'a gateway that guards every route' },
    );
    const client = createAirflowClient(deployment(server.url, { dialect: 'auto', auth: 'bearer' }), {
      credentials: new FakeCredentials({ kind: 'bearer', token: 'astro-token' }),
      retry: FAST_RETRY,
    });

    expect(await client.version()).toEqual({ dialect: 'v2', version: '3.0.6' });
    expect(server.received.map((r) => r.headers.authorization)).toEqual([undefined, 'Bearer astro-token']);
  });

  it('speaks v1 when /api/v2/version is missing and /api/v1/version wants credentials', async () => {
    server.on('GET', '/api/v1/version', (request) =>
      request.headers.authorization === BASIC_HEADER
        ? { status: 200, json: { version: '2.10.5', git_version: null } }
        : {
            status: 401,
            raw: JSON.stringify(v1Problem(401, 'Unauthorized')),
            contentType: PROBLEM_JSON,
            why: 'the v1 spec declares only 200 for /version, but servers with auth on every route answer 401',
          },
    );
    server.on('GET', '/api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}', () => ({ status: 200, json: v1TaskInstance() }));
    const client = autoClient();

    await client.getTaskInstance(REF);
    const version = await client.version();

    expect(version).toEqual({ dialect: 'v1', version: '2.10.5' });
    expect(server.received.map((r) => [r.rawPath, r.headers.authorization])).toEqual([
      ['/api/v2/version', undefined],
      ['/api/v1/version', undefined],
      [`/api/v1/dags/etl_daily/dagRuns/${encodeURIComponent(REF.runId)}/taskInstances/load`, BASIC_HEADER],
      ['/api/v1/version', BASIC_HEADER],
    ]);
  });

  it('speaks v1 when /api/v1/version answers without credentials', async () => {
    server.on('GET', '/api/v1/version', () => ({ status: 200, json: { version: '2.11.0', git_version: null } }));

    expect(await autoClient().version()).toEqual({ dialect: 'v1', version: '2.11.0' });
    expect(server.hits('GET')).toBe(2);
  });

  it('says clearly when neither API answers, and asks again on the next call', async () => {
    const client = autoClient();
    const message = `prod-eu: could not tell which Airflow API ${server.url} serves: /api/v2/version answered HTTP 404, /api/v1/version answered HTTP 404`;

    await expectBotError(client.getTaskInstance(REF), 'unavailable', message);
    await expectBotError(client.version(), 'unavailable', message);
    expect(server.received.map((r) => r.rawPath)).toEqual(['/api/v2/version', '/api/v1/version', '/api/v2/version', '/api/v1/version']);
  });
});
