import { changeMayHaveApplied } from '../../src/airflow/change-outcome';
import { createAirflowClient } from '../../src/airflow/create-airflow-client';
import type { TaskInstanceRef } from '../../src/airflow/model';
import { AirflowContract } from '../helpers/airflow-contract';
import { AirflowTestServer } from '../helpers/airflow-test-server';
import { expectBotError } from './expect-bot-error';
import { BASIC, FAST_RETRY, FakeCredentials, T0, deployment, v1TaskInstance } from './payloads';

const REF: TaskInstanceRef = { dagId: 'etl_daily', runId: `scheduled__${T0}`, taskId: 'load', mapIndex: -1 };
const SET_STATE = '/api/v1/dags/{dag_id}/updateTaskInstancesState';
const CLEAR = '/api/v1/dags/{dag_id}/clearTaskInstances';
const TIS = '/api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances';

let server: AirflowTestServer;
beforeAll(async () => {
  server = await AirflowTestServer.start(await AirflowContract.load());
});
afterEach(() => server.endTest());
afterAll(() => server.close());

/**
 * Airflow may have applied a change whose answer never arrived whole: the request is sent once,
 * never again behind the user's back, and the failure is reported as one clear line.
 */
describe('a change whose answer is cut off mid-body', () => {
  const client = () => createAirflowClient(deployment(server.url), { credentials: new FakeCredentials(BASIC), retry: FAST_RETRY });

  it.each([
    ['mark success', SET_STATE, { kind: 'set_state', newState: 'success', includeUpstream: false, includeDownstream: false } as const],
    ['clear', CLEAR, { kind: 'clear', includeUpstream: false, includeDownstream: true } as const],
  ])('%s is sent exactly once and reported clearly', async (_what, route, action) => {
    server.on('GET', TIS, () => ({ status: 200, json: { task_instances: [v1TaskInstance()], total_entries: 1 } }));
    server.on('POST', route, () => ({ status: 200, cutShort: '{"task_instances": [{"task_id": "lo' }));

    const error = await expectBotError(client().applyAction(REF, action), 'unavailable', expect.stringContaining('was cut off or could not be read'));
    expect(server.hits('POST', route)).toBe(1);
    expect(changeMayHaveApplied(error)).toBe(true);
  });
});
