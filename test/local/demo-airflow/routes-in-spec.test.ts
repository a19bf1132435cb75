import { AirflowContract } from '../../helpers/airflow-contract';
import { startDemoAirflow, type DemoAirflow } from '../../../local/demo-airflow/server';

/** A sample value for every path parameter the demo's routes use. */
const SAMPLES: Record<string, string> = {
  dag_id: 'etl_daily',
  dag_run_id: 'scheduled__2026-11-21T00:00:00+00:00',
  task_id: 'transform',
  map_index: '2',
  task_try_number: '1',
  try_number: '1',
};

function samplePath(pattern: string): string {
  return pattern.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = SAMPLES[name];
    if (value === undefined) throw new Error(`No sample value for {${name}} in ${pattern}`);
    return value;
  });
}

describe('demo Airflow routes', () => {
  let contract: AirflowContract;
  const demos: DemoAirflow[] = [];

  beforeAll(async () => {
    contract = await AirflowContract.load();
    demos.push(await startDemoAirflow({ dialect: 'v1' }), await startDemoAirflow({ dialect: 'v2' }));
  });
  afterAll(async () => {
    await Promise.all(demos.map((d) => d.close()));
  });

  it.each(['v1', 'v2'])('serves only routes the %s spec defines', (dialect) => {
    const demo = demos.find((d) => d.dialect === dialect) as DemoAirflow;
    const missing = demo.routes
      .map((route) => `${route.method} ${route.pattern}`)
      .filter((route) => {
        const [method = '', pattern = ''] = route.split(' ');
        return contract.operationId(method, samplePath(pattern)) === undefined;
      });
    expect(missing).toEqual([]);
  });

  it('maps each v1 route to the operation of the same name in the spec', () => {
    const v1 = demos.find((d) => d.dialect === 'v1') as DemoAirflow;
    expect(v1.routes.map((r) => contract.operationId(r.method, samplePath(r.pattern)))).toEqual([
      'get_version',
      'get_dags',
      'get_dag',
      'get_dag_runs',
      'get_dag_run',
      'get_dag_runs_batch',
      'get_task_instances_batch',
      'get_task_instances',
      'get_task_instance_tries',
      'get_task_instance_try_details',
      'get_mapped_task_instance_tries',
      'get_mapped_task_instance_try_details',
      'get_log',
      'get_extra_links',
      'get_mapped_task_instances',
      'get_task_instance',
      'get_mapped_task_instance',
      'patch_task_instance',
      'patch_mapped_task_instance',
      'post_set_task_instances_state',
      'post_clear_task_instances',
      'set_task_instance_note',
      'set_mapped_task_instance_note',
    ]);
  });

  it('maps each v2 route to the operation of the same name in the spec', () => {
    const v2 = demos.find((d) => d.dialect === 'v2') as DemoAirflow;
    expect(v2.routes.map((r) => contract.operationId(r.method, samplePath(r.pattern)))).toEqual([
      'create_token',
      'get_version',
      'get_dags',
      'get_dag_runs',
      'get_dag_run',
      'get_list_dag_runs_batch',
      'get_task_instances_batch',
      'get_task_instances',
      'get_task_instance_tries',
      'get_task_instance_try_details',
      'get_mapped_task_instance_tries',
      'get_mapped_task_instance_try_details',
      'get_log',
      'get_extra_links',
      'get_mapped_task_instances',
      'get_task_instance',
      'get_mapped_task_instance',
      'patch_task_instance_dry_run',
      'patch_task_instance_dry_run_by_map_index',
      'patch_task_instance',
      'patch_task_instance_by_map_index',
      'post_clear_task_instances',
      'get_hitl_details',
      'get_hitl_detail',
      'update_hitl_detail',
    ]);
  });
});
