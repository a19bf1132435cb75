import { changeMayHaveApplied } from '../../src/airflow/change-outcome';
import { createAirflowClient } from '../../src/airflow/create-airflow-client';
import type { HitlAnswer, HitlRequest, TaskInstanceRef } from '../../src/airflow/model';
import type { AstroDeployment, DialectSetting } from '../../src/config/types';
import { AirflowContract } from '../helpers/airflow-contract';
import { AirflowTestServer, type ReceivedRequest, type Reply } from '../helpers/airflow-test-server';
import { expectBotError } from './expect-bot-error';
import { BASIC, FAST_RETRY, FakeCredentials, T0, deployment, v2HitlDetail } from './payloads';

const LIST = '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/hitlDetails';
const DETAIL = '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/{map_index}/hitlDetails';
const RUN_ID = `scheduled__${T0}`;
const ENCODED_RUN = encodeURIComponent(RUN_ID);
const REF: TaskInstanceRef = { dagId: 'etl_daily', runId: RUN_ID, taskId: 'approve', mapIndex: -1 };
const MAPPED: TaskInstanceRef = { ...REF, mapIndex: 3 };
const SUBJECT = `the human-in-the-loop request of task instance etl_daily / ${RUN_ID} / approve`;
const ANSWER: HitlAnswer = { chosenOptions: ['Approve'], paramsInput: { reason: 'numbers checked', retries: 5 } };
const ALREADY =
  'Human-in-the-loop detail has already been updated for Task Instance with id 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b and is not allowed to write again.';

let server: AirflowTestServer;

beforeAll(async () => {
  server = await AirflowTestServer.start(await AirflowContract.load());
});

afterEach(() => server.endTest());

afterAll(() => server.close());

function client(dialect: DialectSetting = 'v2', timeoutMs?: number) {
  return createAirflowClient(deployment(server.url, { dialect, auth: 'basic' }), {
    credentials: new FakeCredentials(BASIC),
    retry: FAST_RETRY,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

function ok(json: unknown): Reply {
  return { status: 200, json };
}

/** The pending requests, `limit` and `offset` as Airflow reads them (capped at 100 a page). */
function pagedDetails(all: Array<Record<string, unknown>>) {
  return (request: ReceivedRequest): Reply => {
    const limit = Math.min(Number(request.query.limit ?? 50), 100);
    const offset = Number(request.query.offset ?? 0);
    return ok({ hitl_details: all.slice(offset, offset + limit), total_entries: all.length });
  };
}

/** What `v2HitlDetail()` reads as. */
const PENDING: HitlRequest = {
  ref: REF,
  taskState: 'deferred',
  tryNumber: 1,
  subject: 'Publish the daily report?',
  body: 'Rows: **1,204**',
  options: ['Approve', 'Reject'],
  defaults: ['Reject'],
  multiple: false,
  params: {
    reason: { value: 'looks fine', description: 'Why', schema: { type: 'string', maxLength: 200 } },
    retries: { value: 3, schema: {}, description: null },
  },
  assignedUsers: [{ id: '7', name: 'ops-bot' }],
  createdAt: '2024-01-01T01:02:03.456000Z',
  response: null,
};

describe('Airflow 3.1 human-in-the-loop: the pending requests', () => {
  it('asks for unanswered requests of deferred task instances across DAGs and runs, oldest first, and reads every field', async () => {
    server.on('GET', LIST, pagedDetails([v2HitlDetail()]));

    const pending = await client().listPendingHitl();

    expect(pending).toEqual([PENDING]);
    expect(server.received.map((r) => [r.method, r.rawPath, r.query])).toEqual([
      [
        'GET',
        '/api/v2/dags/~/dagRuns/~/hitlDetails',
        { response_received: 'false', state: 'deferred', order_by: 'created_at', limit: '100', offset: '0' },
      ],
    ]);
    expect(server.received[0]?.headers.authorization).toBe(`Basic ${Buffer.from('bot:s3cret').toString('base64')}`);
  });

  it('reads a param dumped without description or value, and a bare object param, as the model says', async () => {
    const params = {
      note: { value: null, description: null, schema: { type: ['null', 'string'] }, __class: 'airflow.sdk.definitions.param.Param' },
      limits: { low: 1, high: 9 },
      tags: ['a', 'b'],
    };
    server.on('GET', LIST, pagedDetails([v2HitlDetail({ params, body: null, defaults: null, multiple: true, assigned_users: [] })]));

    const [request] = await client().listPendingHitl();

    expect(request).toEqual({
      ...PENDING,
      body: null,
      defaults: null,
      multiple: true,
      assignedUsers: [],
      params: {
        note: { value: null, schema: { type: ['null', 'string'] }, description: null },
        limits: { value: { low: 1, high: 9 }, schema: {}, description: null },
        tags: { value: ['a', 'b'], schema: {}, description: null },
      },
    });
  });

  it('reads all 250 requests through a server that caps pages at 100, in Airflow\'s order', async () => {
    const all = Array.from({ length: 250 }, (_, i) => v2HitlDetail({}, { task_id: `approve_${i}` }));
    server.on('GET', LIST, pagedDetails(all));

    const pending = await client().listPendingHitl();

    expect(pending.map((r) => r.ref.taskId)).toEqual(all.map((_, i) => `approve_${i}`));
    expect(server.received.map((r) => [r.query.limit, r.query.offset])).toEqual([
      ['100', '0'],
      ['100', '100'],
      ['100', '200'],
    ]);
  });

  it('answers an empty list when the server has no such route (Airflow 3.0)', async () => {
    // Nothing scripted: the test server answers 404 {"detail": "Not Found"} as Airflow does for an unknown route.
    expect(await client().listPendingHitl()).toEqual([]);
    expect(server.received.map((r) => [r.method, r.rawPath])).toEqual([['GET', '/api/v2/dags/~/dagRuns/~/hitlDetails']]);
  });

  it('reports a request without a subject as an unexpected answer naming the deployment', async () => {
    const withoutSubject = v2HitlDetail();
    delete withoutSubject.subject;
    server.on('GET', LIST, () => ({
      status: 200,
      raw: JSON.stringify({ hitl_details: [withoutSubject], total_entries: 1 }),
      contentType: 'application/json',
      why: 'a malformed answer the spec forbids',
    }));

    await expectBotError(
      client().listPendingHitl(),
      'unavailable',
      "prod-eu: Airflow's answer for the human-in-the-loop requests waiting for an answer has an unexpected shape " +
        '(hitl_details.0.subject: Invalid input: expected string, received undefined)',
    );
  });

  it('reports assigned users that are not users as an unexpected answer', async () => {
    server.on('GET', LIST, () => ({
      status: 200,
      raw: JSON.stringify({ hitl_details: [v2HitlDetail({ assigned_users: ['ops-bot'] })], total_entries: 1 }),
      contentType: 'application/json',
      why: 'a malformed answer the spec forbids',
    }));

    await expectBotError(
      client().listPendingHitl(),
      'unavailable',
      "prod-eu: Airflow's answer for the human-in-the-loop requests waiting for an answer has an unexpected shape " +
        '(hitl_details.0.assigned_users.0: Invalid input: expected object, received string)',
    );
  });

  it('keeps a server error an error, not an empty list', async () => {
    server.on('GET', LIST, () => ({ status: 403, json: { detail: 'Forbidden' } }));

    await expectBotError(
      client().listPendingHitl(),
      'forbidden',
      "prod-eu: the bot's Airflow user may not access the human-in-the-loop requests waiting for an answer: Forbidden",
    );
  });
});

describe('Airflow 3.1 human-in-the-loop: one request', () => {
  it('reads an unmapped task instance\'s request at map index -1, with its answer', async () => {
    server.on('GET', DETAIL, () =>
      ok(
        v2HitlDetail(
          {
            response_received: true,
            responded_by_user: { id: '12', name: 'alice' },
            responded_at: '2024-01-01T02:00:00Z',
            chosen_options: ['Approve'],
            params_input: { reason: 'numbers checked', retries: 5 },
          },
          { state: 'success', try_number: 2 },
        ),
      ),
    );

    const request = await client().getHitl(REF);

    expect(request).toEqual({
      ...PENDING,
      taskState: 'success',
      tryNumber: 2,
      response: {
        by: { id: '12', name: 'alice' },
        at: '2024-01-01T02:00:00Z',
        chosenOptions: ['Approve'],
        paramsInput: { reason: 'numbers checked', retries: 5 },
      },
    });
    expect(server.received.map((r) => [r.method, r.rawPath])).toEqual([
      ['GET', `/api/v2/dags/etl_daily/dagRuns/${ENCODED_RUN}/taskInstances/approve/-1/hitlDetails`],
    ]);
  });

  it('reads a request answered by nobody (timed out to its defaults) with no one as its author', async () => {
    server.on('GET', DETAIL, () =>
      ok(v2HitlDetail({ response_received: true, responded_at: '2024-01-01T03:00:00Z', chosen_options: ['Reject'] })),
    );

    const request = await client().getHitl(REF);

    expect(request.response).toEqual({ by: null, at: '2024-01-01T03:00:00Z', chosenOptions: ['Reject'], paramsInput: {} });
  });

  it('reads a mapped task instance\'s request by its map index', async () => {
    server.on('GET', DETAIL, (request) => ok(v2HitlDetail({}, { map_index: Number(request.params.map_index) })));

    const request = await client().getHitl(MAPPED);

    expect(request.ref).toEqual(MAPPED);
    expect(server.received[0]?.rawPath).toBe(`/api/v2/dags/etl_daily/dagRuns/${ENCODED_RUN}/taskInstances/approve/3/hitlDetails`);
  });

  it('says which task instance has no request when Airflow answers 404', async () => {
    const detail = 'Human-in-the-loop detail does not exist for Task Instance with id 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    server.on('GET', DETAIL, () => ({ status: 404, json: { detail } }));

    const error = await expectBotError(client().getHitl(MAPPED), 'not_found', `prod-eu: ${SUBJECT} [3] not found: ${detail}`);
    expect(error.details).toEqual({
      deployment: 'prod-eu',
      method: 'GET',
      url: `${server.url}/api/v2/dags/etl_daily/dagRuns/${ENCODED_RUN}/taskInstances/approve/3/hitlDetails`,
      status: 404,
      detail,
    });
  });

  it('refuses a map index below -1 and sends nothing', async () => {
    await expectBotError(client().getHitl({ ...REF, mapIndex: -2 }), 'invalid', 'prod-eu: map index -2 of approve is not -1 or a whole number from 0');
    expect(server.received).toEqual([]);
  });
});

describe('Airflow 3.1 human-in-the-loop: answering', () => {
  const answered = { responded_by: { id: '7', name: 'ops-bot' }, responded_at: '2024-01-01T02:00:00Z', chosen_options: ['Approve'], params_input: { reason: 'numbers checked', retries: 5 } };

  it('sends the chosen options and params and reads who answered and when', async () => {
    server.on('PATCH', DETAIL, () => ok(answered));

    const response = await client().answerHitl(REF, ANSWER);

    expect(response).toEqual({
      by: { id: '7', name: 'ops-bot' },
      at: '2024-01-01T02:00:00Z',
      chosenOptions: ['Approve'],
      paramsInput: { reason: 'numbers checked', retries: 5 },
    });
    expect(server.received.map((r) => [r.method, r.rawPath, r.query, r.body])).toEqual([
      [
        'PATCH',
        `/api/v2/dags/etl_daily/dagRuns/${ENCODED_RUN}/taskInstances/approve/-1/hitlDetails`,
        {},
        { chosen_options: ['Approve'], params_input: { reason: 'numbers checked', retries: 5 } },
      ],
    ]);
  });

  it('sends several options and empty params as they are', async () => {
    server.on('PATCH', DETAIL, () => ok({ ...answered, chosen_options: ['a', 'b'], params_input: {} }));

    const response = await client().answerHitl(MAPPED, { chosenOptions: ['a', 'b'], paramsInput: {} });

    expect(response.chosenOptions).toEqual(['a', 'b']);
    expect(server.received.map((r) => [r.rawPath, r.body])).toEqual([
      [`/api/v2/dags/etl_daily/dagRuns/${ENCODED_RUN}/taskInstances/approve/3/hitlDetails`, { chosen_options: ['a', 'b'], params_input: {} }],
    ]);
  });

  it('says the request was already answered on 409, quoting Airflow', async () => {
    server.on('PATCH', DETAIL, () => ({ status: 409, json: { detail: ALREADY } }));

    const error = await expectBotError(
      client().answerHitl(REF, ANSWER),
      'conflict',
      `prod-eu: this request was already answered; Airflow keeps the first answer to ${SUBJECT}: ${ALREADY}`,
    );
    expect([error.details.method, error.details.url, error.details.status]).toEqual([
      'PATCH',
      `${server.url}/api/v2/dags/etl_daily/dagRuns/${ENCODED_RUN}/taskInstances/approve/-1/hitlDetails`,
      409,
    ]);
    expect(changeMayHaveApplied(error)).toBe(false);
  });

  it('says Airflow refused the bot\'s own user as a respondent on 403, naming it and what to configure', async () => {
    server.on('PATCH', DETAIL, () => ({ status: 403, json: { detail: 'User=slack-bot (id=42) is not a respondent for the task.' } }));

    const error = await expectBotError(
      client().answerHitl(REF, ANSWER),
      'forbidden',
      `prod-eu: Airflow refused the bot's own Airflow user as a respondent to ${SUBJECT}: "User=slack-bot (id=42) is not a respondent for the task." ` +
        "To answer from Slack, add the bot's Airflow user to the task's assigned_users, or leave assigned_users empty.",
    );
    expect([error.details.method, error.details.status]).toEqual(['PATCH', 403]);
  });

  it('keeps the generic wording for a 403 that is about permissions, not respondents', async () => {
    server.on('PATCH', DETAIL, () => ({ status: 403, json: { detail: 'Forbidden' } }));

    await expectBotError(
      client().answerHitl(REF, ANSWER),
      'forbidden',
      `prod-eu: the bot's Airflow user may not access the answer to ${SUBJECT}: Forbidden`,
    );
  });

  it('keeps the gateway wording for a 403 HTML page, whatever it says', async () => {
    server.on('PATCH', DETAIL, () => ({
      status: 403,
      raw: '<html><body>User is not a respondent</body></html>',
      contentType: 'text/html',
      why: 'a gateway in front of Airflow answers with its own page',
    }));

    await expectBotError(
      client().answerHitl(REF, ANSWER),
      'forbidden',
      `prod-eu: the bot's Airflow user may not access the answer to ${SUBJECT}`,
    );
  });

  it('says Airflow rejected the answer on 422, with its validation detail', async () => {
    server.on('PATCH', DETAIL, () => ({
      status: 422,
      json: { detail: [{ loc: ['body', 'params_input'], msg: 'Input should be a valid dictionary', type: 'dict_type', input: 'x' }] },
    }));

    await expectBotError(
      client().answerHitl(REF, ANSWER),
      'invalid',
      `prod-eu: Airflow rejected the answer to ${SUBJECT}: body.params_input: Input should be a valid dictionary`,
    );
  });

  it('says which task instance has no request on 404', async () => {
    server.on('PATCH', DETAIL, () => ({ status: 404, json: { detail: 'Not Found' } }));

    await expectBotError(client().answerHitl(REF, ANSWER), 'not_found', `prod-eu: ${SUBJECT} not found: Not Found`);
  });

  it('sends an answer once and calls a timeout a change that may have applied', async () => {
    server.on('PATCH', DETAIL, () => ({ hang: true }));

    const error = await expectBotError(
      client('v2', 150).answerHitl(REF, ANSWER),
      'timeout',
      `prod-eu: Airflow did not answer within 0.15 s for the answer to ${SUBJECT}`,
    );
    expect(server.hits('PATCH', DETAIL)).toBe(1);
    expect(changeMayHaveApplied(error)).toBe(true);
  });

  it.each([
    ['no chosen option', { chosenOptions: [], paramsInput: {} }, 'prod-eu: an answer to the human-in-the-loop request of approve needs at least one chosen option'],
    ['an option that is not text', { chosenOptions: [1], paramsInput: {} }, 'prod-eu: an answer to the human-in-the-loop request of approve needs at least one chosen option'],
    [
      'params that are a list',
      { chosenOptions: ['Approve'], paramsInput: ['x'] },
      'prod-eu: the params of an answer to the human-in-the-loop request of approve must be an object of names and values',
    ],
    [
      'params that are null',
      { chosenOptions: ['Approve'], paramsInput: null },
      'prod-eu: the params of an answer to the human-in-the-loop request of approve must be an object of names and values',
    ],
  ])('refuses an answer with %s and sends nothing', async (_what, answer, message) => {
    await expectBotError(client().answerHitl(REF, answer as unknown as HitlAnswer), 'invalid', message);
    expect(server.received).toEqual([]);
  });
});

describe('Airflow 2 deployments', () => {
  const refusal = 'prod-eu: human-in-the-loop requests need Airflow 3.1 or later; prod-eu speaks the Airflow 2 API';

  it('refuses every human-in-the-loop call and sends nothing', async () => {
    const v1 = client('v1');

    await expectBotError(v1.listPendingHitl(), 'not_found', refusal);
    await expectBotError(v1.getHitl(REF), 'not_found', refusal);
    await expectBotError(v1.answerHitl(REF, ANSWER), 'not_found', refusal);
    expect(server.received).toEqual([]);
  });

  it('refuses after detecting Airflow 2, without asking for human-in-the-loop routes', async () => {
    server.on('GET', '/api/v1/version', () => ok({ version: '2.10.5', git_version: null }));

    await expectBotError(client('auto').listPendingHitl(), 'not_found', refusal);
    expect(server.received.map((r) => r.rawPath).filter((path) => path.includes('hitl'))).toEqual([]);
  });
});

describe('Astronomer with marks and clears on its core API', () => {
  it('still reads and answers human-in-the-loop requests on the Airflow API', async () => {
    const astro: AstroDeployment = {
      platform: 'astro',
      name: 'astro-prod',
      displayName: 'Astro prod',
      apiUrl: server.url,
      uiUrl: server.url,
      dialect: 'v2',
      secretId: 'airflow/astro-prod',
      actions: 'astro-core-api',
      // Any request to the core API would reach the test server outside every Airflow spec, a violation.
      coreApiUrl: server.url,
      organizationId: 'org123',
      workspaceId: 'ws456',
      deploymentId: 'dep789',
      defaultChannels: [],
    };
    server.on('GET', LIST, pagedDetails([v2HitlDetail()]));
    server.on('PATCH', DETAIL, () =>
      ok({ responded_by: { id: '7', name: 'ops-bot' }, responded_at: '2024-01-01T02:00:00Z', chosen_options: ['Approve'], params_input: {} }),
    );
    const astroClient = createAirflowClient(astro, { credentials: new FakeCredentials({ kind: 'bearer', token: 'astro-token' }), retry: FAST_RETRY });

    expect(await astroClient.listPendingHitl()).toHaveLength(1);
    expect((await astroClient.answerHitl(REF, { chosenOptions: ['Approve'], paramsInput: {} })).chosenOptions).toEqual(['Approve']);
    expect(server.received.map((r) => [r.method, r.route, r.headers.authorization])).toEqual([
      ['GET', LIST, 'Bearer astro-token'],
      ['PATCH', DETAIL, 'Bearer astro-token'],
    ]);
  });
});
