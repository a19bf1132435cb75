import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAirflowClient, type AirflowClientDeps } from '../../src/airflow/create-airflow-client';
import type { TaskInstanceRef } from '../../src/airflow/model';
import { createLogger } from '../../src/logging/logger';
import { AirflowContract } from '../helpers/airflow-contract';
import { AirflowTestServer } from '../helpers/airflow-test-server';
import { expectBotError } from './expect-bot-error';
import { BASIC, FAST_RETRY, FakeCredentials, T0, deployment, v1TaskInstance } from './payloads';

const TI = '/api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}';
const TIS = '/api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances';
const REF: TaskInstanceRef = { dagId: 'etl_daily', runId: `scheduled__${T0}`, taskId: 'load', mapIndex: -1 };
const SUBJECT = `task instance etl_daily / scheduled__${T0} / load`;
const PROXY_PAGE = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

let server: AirflowTestServer;

beforeAll(async () => {
  server = await AirflowTestServer.start(await AirflowContract.load());
});

afterEach(() => server.endTest());

afterAll(() => server.close());

function client(deps: Partial<AirflowClientDeps> = {}, url = server.url) {
  return createAirflowClient(deployment(url), { credentials: new FakeCredentials(BASIC), retry: FAST_RETRY, ...deps });
}

describe('answers that are not Airflow JSON', () => {
  it('reports an HTML 502 from a proxy after retrying the read, without parsing it', async () => {
    server.on('GET', TI, () => ({ status: 502, raw: PROXY_PAGE, contentType: 'text/html', why: 'a proxy answers, not Airflow' }));

    const error = await expectBotError(
      client().getTaskInstance(REF),
      'unavailable',
      `prod-eu: Airflow answered HTTP 502 with an HTML page for ${SUBJECT} (a proxy or gateway in front of Airflow?)`,
    );

    expect(server.hits('GET')).toBe(3);
    expect(error.details).toEqual({
      deployment: 'prod-eu',
      method: 'GET',
      url: `${server.url}/api/v1/dags/etl_daily/dagRuns/scheduled__2024-01-01T00%3A00%3A00%2B00%3A00/taskInstances/load`,
      status: 502,
    });
  });

  it('reports an empty 200 body', async () => {
    server.on('GET', TI, () => ({ status: 200, raw: '', contentType: 'application/json', why: 'a broken server' }));

    await expectBotError(client().getTaskInstance(REF), 'unavailable', `prod-eu: Airflow's answer for ${SUBJECT} is empty`);
  });

  it('reports JSON cut short', async () => {
    server.on('GET', TI, () => ({ status: 200, raw: '{"task_id": "lo', contentType: 'application/json', why: 'a body cut short' }));

    await expectBotError(
      client().getTaskInstance(REF),
      'unavailable',
      `prod-eu: Airflow's answer for ${SUBJECT} is not valid JSON (cut short or garbled)`,
    );
  });

  it('reports a connection closed before the promised body arrived', async () => {
    server.on('GET', TI, () => ({ status: 200, cutShort: '{"task_id": "load", "dag_id"' }));

    await expectBotError(
      client().getTaskInstance(REF),
      'unavailable',
      `prod-eu: the answer from Airflow for ${SUBJECT} was cut off or could not be read`,
    );
  });

  it('reports an HTML login page answered with 200', async () => {
    server.on('GET', TI, () => ({ status: 200, raw: '<!doctype html><title>Sign in</title>', contentType: 'text/html', why: 'an SSO proxy' }));

    await expectBotError(
      client().getTaskInstance(REF),
      'unavailable',
      `prod-eu: Airflow's answer for ${SUBJECT} is an HTML page, not JSON (a proxy or login page in front of Airflow?)`,
    );
  });

  it('names the first field of a payload with the wrong shape', async () => {
    server.on('GET', TIS, () => ({
      status: 200,
      raw: JSON.stringify({ task_instances: [{ dag_id: 'etl_daily', dag_run_id: 'r' }], total_entries: 1 }),
      contentType: 'application/json',
      why: 'a server that drops task_id',
    }));

    await expectBotError(
      client().listTaskInstances('etl_daily', 'r'),
      'unavailable',
      "prod-eu: Airflow's answer for the task instances of etl_daily / r has an unexpected shape (task_instances.0.task_id: Invalid input: expected string, received undefined)",
    );
  });
});

describe('timeouts, retries and unreachable servers', () => {
  it('gives up on a server that never answers after the timeout, without retrying', async () => {
    server.on('GET', TI, () => ({ hang: true }));

    await expectBotError(
      client({ timeoutMs: 150 }).getTaskInstance(REF),
      'timeout',
      `prod-eu: Airflow did not answer within 0.15 s for ${SUBJECT}`,
    );
    expect(server.hits('GET')).toBe(1);
  });

  it('retries a GET after a 503 and succeeds', async () => {
    let calls = 0;
    server.on('GET', TI, () => {
      calls += 1;
      return calls === 1
        ? { status: 503, raw: 'upstream connect error', contentType: 'text/plain', why: 'a load balancer with no healthy backend' }
        : { status: 200, json: v1TaskInstance() };
    });

    const ti = await client().getTaskInstance(REF);

    expect(ti.taskId).toBe('load');
    expect(server.hits('GET')).toBe(2);
  });

  it('honours Retry-After on a 429, with the wait capped', async () => {
    let calls = 0;
    server.on('GET', TI, () => {
      calls += 1;
      return calls === 1
        ? { status: 429, raw: 'slow down', contentType: 'text/plain', headers: { 'retry-after': '3600' }, why: 'a rate-limiting gateway' }
        : { status: 200, json: v1TaskInstance() };
    });

    await client().getTaskInstance(REF);

    expect(server.hits('GET')).toBe(2);
  });

  it('never retries a PATCH, even after a 503', async () => {
    server.on('PATCH', `${TI}/setNote`, () => ({ status: 503, raw: '', contentType: 'text/plain', why: 'a gateway' }));

    await expectBotError(
      client().setNote(REF, 'checking'),
      'unavailable',
      `prod-eu: Airflow answered HTTP 503 with an empty or unreadable body for the note of ${SUBJECT}`,
    );
    expect(server.hits('PATCH')).toBe(1);
  });

  it('reports a server that refuses connections', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    await expectBotError(
      client({}, `http://127.0.0.1:${port}`).getTaskInstance(REF),
      'unavailable',
      `prod-eu: could not reach Airflow at http://127.0.0.1:${port} for ${SUBJECT} (ECONNREFUSED)`,
    );
  });

  it('logs retries and the final failure with method, URL and status, never the credentials', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } });
    server.on('GET', TI, () => ({ status: 503, raw: 'down', contentType: 'text/plain', why: 'a gateway' }));

    await expectBotError(
      client({ logger }).getTaskInstance(REF),
      'unavailable',
      `prod-eu: Airflow answered HTTP 503 for ${SUBJECT}: down`,
    );

    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged.map((entry) => [entry.level, entry.msg, entry.retryCount ?? entry.status])).toEqual([
      ['info', 'Retrying Airflow request', 1],
      ['info', 'Retrying Airflow request', 2],
      ['warn', 'Airflow request failed', 503],
    ]);
    expect(lines.join('\n')).not.toMatch(/s3cret|Basic /);
  });
});
