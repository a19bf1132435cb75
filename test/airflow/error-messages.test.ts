import { createAirflowClient } from '../../src/airflow/create-airflow-client';
import type { TaskAction, TaskInstanceRef } from '../../src/airflow/model';
import type { DialectSetting } from '../../src/config/types';
import { AirflowContract } from '../helpers/airflow-contract';
import { AirflowTestServer } from '../helpers/airflow-test-server';
import { expectBotError } from './expect-bot-error';
import { BASIC, FAST_RETRY, FakeCredentials, PROBLEM_JSON, T0, deployment, v1Problem } from './payloads';

const RUN_ID = `scheduled__${T0}`;
const REF: TaskInstanceRef = { dagId: 'etl_daily', runId: RUN_ID, taskId: 'load', mapIndex: -1 };
const SUBJECT = `task instance etl_daily / ${RUN_ID} / load`;
const CLEAR: TaskAction = { kind: 'clear', includeUpstream: false, includeDownstream: false };
const MARK: TaskAction = { kind: 'set_state', newState: 'success', includeUpstream: false, includeDownstream: false };

let server: AirflowTestServer;

beforeAll(async () => {
  server = await AirflowTestServer.start(await AirflowContract.load());
});

afterEach(() => server.endTest());

afterAll(() => server.close());

function client(dialect: DialectSetting) {
  return createAirflowClient(deployment(server.url, { dialect }), { credentials: new FakeCredentials(BASIC), retry: FAST_RETRY });
}

describe('Airflow 2 errors (RFC 7807, application/problem+json)', () => {
  const TI = '/api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}';

  it('turns a 404 into not_found with the detail', async () => {
    server.on('GET', TI, () => ({
      status: 404,
      json: v1Problem(404, 'Task instance not found', `Task instance load of run ${RUN_ID} was not found`),
      contentType: PROBLEM_JSON,
    }));

    const error = await expectBotError(
      client('v1').getTaskInstance(REF),
      'not_found',
      `prod-eu: ${SUBJECT} not found: Task instance load of run ${RUN_ID} was not found`,
    );
    expect(error.details.status).toBe(404);
  });

  it('uses the title when a problem has no detail', async () => {
    server.on('GET', TI, () => ({ status: 403, json: v1Problem(403, 'Forbidden'), contentType: PROBLEM_JSON }));

    await expectBotError(client('v1').getTaskInstance(REF), 'forbidden', `prod-eu: the bot's Airflow user may not access ${SUBJECT}: Forbidden`);
  });

  it('turns a 409 into conflict', async () => {
    server.on('POST', '/api/v1/dags/{dag_id}/clearTaskInstances', () => ({
      status: 409,
      raw: JSON.stringify(v1Problem(409, 'Conflict', 'Task instance load is already being cleared')),
      contentType: PROBLEM_JSON,
      why: 'the v1 spec declares no 409 for this route; a server or a proxy may still send one',
    }));

    await expectBotError(
      client('v1').previewAction(REF, CLEAR),
      'conflict',
      `prod-eu: conflict on ${SUBJECT}: Task instance load is already being cleared`,
    );
  });

  it('turns a 400 into invalid', async () => {
    server.on('PATCH', `${TI}/setNote`, () => ({
      status: 400,
      json: v1Problem(400, 'Bad Request', "'note' is a required property"),
      contentType: PROBLEM_JSON,
    }));

    await expectBotError(
      client('v1').setNote(REF, 'n'),
      'invalid',
      `prod-eu: Airflow rejected the request for the note of ${SUBJECT} (HTTP 400): 'note' is a required property`,
    );
  });
});

describe('Airflow 3 errors (FastAPI detail)', () => {
  const TI = '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}';

  it('turns a 404 with a string detail into not_found', async () => {
    server.on('GET', TI, () => ({
      status: 404,
      json: { detail: `The Task Instance with dag_id: \`etl_daily\`, run_id: \`${RUN_ID}\`, task_id: \`load\` and map_index: \`-1\` was not found` },
    }));

    await expectBotError(
      client('v2').getTaskInstance(REF),
      'not_found',
      `prod-eu: ${SUBJECT} not found: The Task Instance with dag_id: \`etl_daily\`, run_id: \`${RUN_ID}\`, task_id: \`load\` and map_index: \`-1\` was not found`,
    );
  });

  it('turns a 409 into conflict', async () => {
    server.on('POST', '/api/v2/dags/{dag_id}/clearTaskInstances', () => ({
      status: 409,
      json: { detail: 'Cannot clear task instances while the DAG run is running' },
    }));

    await expectBotError(
      client('v2').previewAction(REF, CLEAR),
      'conflict',
      `prod-eu: conflict on ${SUBJECT}: Cannot clear task instances while the DAG run is running`,
    );
  });

  it('turns a 422 validation list into invalid, one "location: message" per problem', async () => {
    server.on('PATCH', `${TI}/dry_run`, () => ({
      status: 422,
      json: {
        detail: [
          { loc: ['body', 'new_state'], msg: "Input should be 'success', 'failed' or 'skipped'", type: 'value_error', input: 'running' },
          { loc: ['query', 'map_index'], msg: 'Input should be a valid integer', type: 'int_parsing' },
        ],
      },
    }));

    await expectBotError(
      client('v2').previewAction(REF, MARK),
      'invalid',
      `prod-eu: Airflow rejected the request for ${SUBJECT} (HTTP 422): body.new_state: Input should be 'success', 'failed' or 'skipped'; query.map_index: Input should be a valid integer`,
    );
  });

  it('quotes an object detail as compact JSON', async () => {
    server.on('GET', TI, () => ({ status: 403, json: { detail: { reason: 'access denied', required: ['DAG:etl_daily'] } } }));

    await expectBotError(
      client('v2').getTaskInstance(REF),
      'forbidden',
      `prod-eu: the bot's Airflow user may not access ${SUBJECT}: {"reason":"access denied","required":["DAG:etl_daily"]}`,
    );
  });

  it('keeps a multi-line detail on one line and short', async () => {
    const traceback = `Traceback (most recent call last):\n  File "x.py", line 1\n${'ValueError: boom '.repeat(40)}`;
    server.on('GET', TI, () => ({ status: 500, raw: JSON.stringify({ detail: traceback }), contentType: 'application/json', why: 'an internal error' }));

    const error = await expectBotError(
      client('v2').getTaskInstance(REF),
      'unavailable',
      `prod-eu: Airflow answered HTTP 500 for ${SUBJECT}: ${`Traceback (most recent call last): File "x.py", line 1 ${'ValueError: boom '.repeat(40)}`.slice(0, 299)}…`,
    );
    expect(error.userMessage).not.toContain('\n');
  });
});
