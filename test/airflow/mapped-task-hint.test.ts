import { createAirflowClient } from '../../src/airflow/create-airflow-client';
import type { TaskInstanceRef } from '../../src/airflow/model';
import { AirflowContract } from '../helpers/airflow-contract';
import { AirflowTestServer } from '../helpers/airflow-test-server';
import { expectBotError } from './expect-bot-error';
import { FAST_RETRY, FakeCredentials, T0, deployment, v2TaskInstance } from './payloads';

const TIS = '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances';
const RUN_ID = `scheduled__${T0}`;
const REF: TaskInstanceRef = { dagId: 'etl_daily', runId: RUN_ID, taskId: 'load', mapIndex: -1 };
const MAPPED_404 = { status: 404, json: { detail: 'Task instance is mapped, add the map_index value to the URL' } };

let server: AirflowTestServer;

beforeAll(async () => {
  server = await AirflowTestServer.start(await AirflowContract.load());
});
afterEach(() => server.endTest());
afterAll(() => server.close());

function client() {
  return createAirflowClient(deployment(server.url, { dialect: 'v2', auth: 'bearer' }), {
    credentials: new FakeCredentials({ kind: 'bearer', token: 't' }),
    retry: FAST_RETRY,
  });
}

function runWith(mapIndexes: number[]): void {
  const all = [v2TaskInstance({ task_id: 'extract' }), ...mapIndexes.map((i) => v2TaskInstance({ map_index: i }))];
  server.on('GET', TIS, () => ({ status: 200, json: { task_instances: all, total_entries: all.length } }));
}

describe('a mapped task asked for without its map index', () => {
  it('lists the first indexes and how many there are, instead of Airflow’s raw text', async () => {
    server.on('GET', `${TIS}/{task_id}`, () => MAPPED_404);
    runWith([11, 3, 0, 1, 2, 4, 5, 6, 7, 8, 9, 10]);

    await expectBotError(
      client().getTaskInstance(REF),
      'not_found',
      `prod-eu: load in etl_daily / ${RUN_ID} is a mapped task: name one of its map indexes, such as load:0. ` +
        'Its indexes: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … (12 in all)',
    );
  });

  it('keeps Airflow’s answer for a task that is simply not there', async () => {
    server.on('GET', `${TIS}/{task_id}`, () => ({ status: 404, json: { detail: 'Task instance not found' } }));
    runWith([]);

    await expectBotError(client().getTaskInstance(REF), 'not_found', `prod-eu: task instance etl_daily / ${RUN_ID} / load not found: Task instance not found`);
  });
});
