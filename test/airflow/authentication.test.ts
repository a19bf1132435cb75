import { createAirflowClient } from '../../src/airflow/create-airflow-client';
import type { TaskInstanceRef } from '../../src/airflow/model';
import type { AirflowCredentials } from '../../src/credentials/types';
import { AirflowContract } from '../helpers/airflow-contract';
import { AirflowTestServer, type Reply } from '../helpers/airflow-test-server';
import { expectBotError } from './expect-bot-error';
import {
  BASIC,
  BASIC_HEADER,
  FAST_RETRY,
  FakeCredentials,
  PROBLEM_JSON,
  T0,
  deployment,
  jwt,
  v1Problem,
  v1TaskInstance,
  v2TaskInstance,
} from './payloads';

const V1_TI = '/api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}';
const V2_TI = '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}';
const REF: TaskInstanceRef = { dagId: 'etl_daily', runId: `scheduled__${T0}`, taskId: 'load', mapIndex: -1 };
const ROTATED: AirflowCredentials = { kind: 'basic', username: 'bot', password: 'rotated' };
const ROTATED_HEADER = `Basic ${Buffer.from('bot:rotated').toString('base64')}`;
const USER: AirflowCredentials = { kind: 'password', username: 'bot', password: 'pw' };
const START_MS = 1_700_000_000_000;

let server: AirflowTestServer;

beforeAll(async () => {
  server = await AirflowTestServer.start(await AirflowContract.load());
});

afterEach(() => server.endTest());

afterAll(() => server.close());

const v1Unauthenticated: Reply = {
  status: 401,
  json: v1Problem(401, 'Unauthorized', 'Invalid credentials'),
  contentType: PROBLEM_JSON,
};
const v2Unauthenticated: Reply = { status: 401, json: { detail: 'Invalid JWT token' } };

describe('basic and bearer auth after a 401', () => {
  it('re-reads the secret once (it may have rotated) and repeats the request', async () => {
    const credentials = new FakeCredentials(BASIC, ROTATED);
    server.on('GET', V1_TI, (request) =>
      request.headers.authorization === ROTATED_HEADER ? { status: 200, json: v1TaskInstance() } : v1Unauthenticated,
    );
    const client = createAirflowClient(deployment(server.url), { credentials, retry: FAST_RETRY });

    const ti = await client.getTaskInstance(REF);

    expect(ti.taskId).toBe('load');
    expect(credentials.refreshes).toBe(1);
    expect(server.received.map((r) => r.headers.authorization)).toEqual([BASIC_HEADER, ROTATED_HEADER]);
  });

  it('gives up with an unauthorized error when the new secret is refused too', async () => {
    const credentials = new FakeCredentials(BASIC, ROTATED);
    server.on('GET', V1_TI, () => v1Unauthenticated);
    const client = createAirflowClient(deployment(server.url), { credentials, retry: FAST_RETRY });

    const error = await expectBotError(
      client.getTaskInstance(REF),
      'unauthorized',
      `prod-eu: Airflow rejected the bot's credentials for task instance etl_daily / scheduled__${T0} / load: Invalid credentials`,
    );

    expect(credentials.refreshes).toBe(1);
    expect(server.hits('GET')).toBe(2);
    expect(JSON.stringify(error.details)).not.toContain('s3cret');
    expect(JSON.stringify(error.details)).not.toContain(Buffer.from('bot:s3cret').toString('base64'));
  });

  it('refreshes a bearer token once for many requests refused together', async () => {
    const credentials = new FakeCredentials({ kind: 'bearer', token: 'old' }, { kind: 'bearer', token: 'new' });
    server.on('GET', V2_TI, (request) =>
      request.headers.authorization === 'Bearer new' ? { status: 200, json: v2TaskInstance() } : v2Unauthenticated,
    );
    const client = createAirflowClient(deployment(server.url, { dialect: 'v2', auth: 'bearer' }), { credentials, retry: FAST_RETRY });

    const tis = await Promise.all(Array.from({ length: 5 }, () => client.getTaskInstance(REF)));

    expect(tis).toHaveLength(5);
    expect(credentials.refreshes).toBe(1);
  });
});

describe('password auth (Airflow 3 tokens)', () => {
  /** A token route that issues `bot-1`, `bot-2`… expiring at `expiresAt()` (seconds), and a TI route accepting only `accepted`. */
  function scriptTokens(expiresAt: () => number | undefined) {
    const issued: string[] = [];
    const state = { revoked: new Set<string>() };
    server.on('POST', '/auth/token', (request) => {
      const body = request.body as { username?: string; password?: string };
      if (body.password !== 'pw') return { status: 401, json: { detail: 'Invalid credentials' } };
      const token = jwt(expiresAt(), `bot-${issued.length + 1}`);
      issued.push(token);
      return { status: 201, json: { access_token: token } };
    });
    server.on('GET', V2_TI, (request) => {
      const token = String(request.headers.authorization).replace(/^Bearer /, '');
      return issued.includes(token) && !state.revoked.has(token) ? { status: 200, json: v2TaskInstance() } : v2Unauthenticated;
    });
    return { issued, state };
  }

  function passwordClient(credentials: FakeCredentials, clock: () => number) {
    return createAirflowClient(deployment(server.url, { dialect: 'v2', auth: 'password' }), { credentials, clock, retry: FAST_RETRY });
  }

  it('exchanges user and password for a token once and sends it as a bearer token', async () => {
    const now = START_MS;
    const { issued } = scriptTokens(() => now / 1000 + 3600);
    const client = passwordClient(new FakeCredentials(USER), () => now);

    await client.getTaskInstance(REF);
    await client.getTaskInstance(REF);

    expect(issued).toHaveLength(1);
    expect(server.requestsTo('POST', '/auth/token')[0]?.body).toEqual({ username: 'bot', password: 'pw' });
    expect(server.requestsTo('GET').map((r) => r.headers.authorization)).toEqual([`Bearer ${issued[0]}`, `Bearer ${issued[0]}`]);
  });

  it('fetches exactly one new token for 20 concurrent calls once the token is within a minute of expiry', async () => {
    let now = START_MS;
    const { issued } = scriptTokens(() => now / 1000 + 3600);
    const client = passwordClient(new FakeCredentials(USER), () => now);
    await client.getTaskInstance(REF);

    now += 3600_000 - 59_000;
    const tis = await Promise.all(Array.from({ length: 20 }, () => client.getTaskInstance(REF)));

    expect(tis).toHaveLength(20);
    expect(issued).toHaveLength(2);
    expect(server.hits('POST', '/auth/token')).toBe(2);
    expect(new Set(server.requestsTo('GET').slice(1).map((r) => r.headers.authorization))).toEqual(new Set([`Bearer ${issued[1]}`]));
  });

  it('renews a token Airflow refuses exactly once for 20 requests refused together, then repeats each once', async () => {
    const now = START_MS;
    const { issued, state } = scriptTokens(() => now / 1000 + 3600);
    const client = passwordClient(new FakeCredentials(USER), () => now);
    await client.getTaskInstance(REF);
    state.revoked.add(issued[0] ?? '');

    const tis = await Promise.all(Array.from({ length: 20 }, () => client.getTaskInstance(REF)));

    expect(tis).toHaveLength(20);
    expect(issued).toHaveLength(2);
    expect(server.hits('GET')).toBe(1 + 20 + 20);
  });

  it('keeps a token without exp for ten minutes', async () => {
    let now = START_MS;
    const { issued } = scriptTokens(() => undefined);
    const client = passwordClient(new FakeCredentials(USER), () => now);

    await client.getTaskInstance(REF);
    now += 9 * 60_000;
    await client.getTaskInstance(REF);
    now += 2 * 60_000;
    await client.getTaskInstance(REF);

    expect(issued).toHaveLength(2);
  });

  it('re-reads the secret once when /auth/token refuses the password, then reports it clearly', async () => {
    scriptTokens(() => undefined);
    const credentials = new FakeCredentials({ ...USER, password: 'stale' }, { ...USER, password: 'also-stale' });
    const client = passwordClient(credentials, () => START_MS);

    await expectBotError(
      client.getTaskInstance(REF),
      'unauthorized',
      "prod-eu: Airflow rejected the bot's credentials for a token from /auth/token: Invalid credentials",
    );
    expect(credentials.refreshes).toBe(1);
    expect(server.hits('POST', '/auth/token')).toBe(2);
    expect(server.hits('GET')).toBe(0);
  });

  it('uses the rotated password when the first one is refused at /auth/token', async () => {
    const { issued } = scriptTokens(() => undefined);
    const credentials = new FakeCredentials({ ...USER, password: 'stale' }, USER);

    await passwordClient(credentials, () => START_MS).getTaskInstance(REF);

    expect(issued).toHaveLength(1);
    expect(credentials.refreshes).toBe(1);
  });

  it('reports a secret of the wrong kind without calling Airflow', async () => {
    const client = passwordClient(new FakeCredentials({ kind: 'bearer', token: 't' }), () => START_MS);

    await expectBotError(
      client.getTaskInstance(REF),
      'credentials',
      'prod-eu: the secret holds a bearer token, but the deployment uses password auth (user name and password)',
    );
    expect(server.received).toEqual([]);
  });
});
