import { AirflowContract } from './airflow-contract';
import { AirflowTestServer } from './airflow-test-server';

const VERSION = { version: '3.1.0', git_version: null };

describe('AirflowTestServer', () => {
  let server: AirflowTestServer;
  beforeAll(async () => {
    server = await AirflowTestServer.start(await AirflowContract.load());
  });
  afterEach(() => server.reset());
  afterAll(() => server.close());

  async function get(path: string, accept: string): Promise<{ status: number; body: string }> {
    const response = await fetch(`${server.url}${path}`, { headers: { accept } });
    return { status: response.status, body: await response.text() };
  }

  it('refuses with 406 a request whose Accept admits no media type the operation declares, and records it', async () => {
    server.on('GET', '/api/v2/version', () => ({ status: 200, json: VERSION }));

    const answer = await get('/api/v2/version', 'text/*');

    expect(answer).toEqual({ status: 406, body: JSON.stringify({ detail: 'Not Acceptable' }) });
    expect(server.violations).toEqual(['GET /api/v2/version: 406, Accept "text/*" admits none of application/json']);
    expect(() => server.endTest()).toThrow(/406, Accept "text\/\*"/);
  });

  it('answers a request that accepts application/json', async () => {
    server.on('GET', '/api/v2/version', () => ({ status: 200, json: VERSION }));

    expect(await get('/api/v2/version', 'application/json')).toEqual({ status: 200, body: JSON.stringify(VERSION) });
    expect(server.violations).toEqual([]);
  });

  it.each([
    ['v1 log as text/plain', '/api/v1/dags/d/dagRuns/r/taskInstances/t/logs/1', 'text/plain'],
    ['v2 log as NDJSON', '/api/v2/dags/d/dagRuns/r/taskInstances/t/logs/1', 'application/x-ndjson'],
    ['any type', '/api/v2/version', '*/*'],
  ])('lets through what the spec declares: %s', async (_, path, accept) => {
    const answer = await get(path, accept);

    // No route is scripted: the server's own 404, not a 406.
    expect(answer.status).toBe(404);
    expect(server.violations).toEqual([]);
  });
});
