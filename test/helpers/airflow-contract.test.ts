import { AirflowContract } from './airflow-contract';

describe('AirflowContract', () => {
  let contract: AirflowContract;
  beforeAll(async () => {
    contract = await AirflowContract.load();
  });

  it('accepts a v1 dry-run PATCH and rejects the same body on v2, which forbids dry_run', () => {
    const body = { dry_run: true, new_state: 'success' };
    const headers = { 'content-type': 'application/json' };
    expect(contract.requestErrors({ method: 'PATCH', path: '/api/v1/dags/d/dagRuns/r/taskInstances/t', headers, body })).toEqual([]);
    const v2 = contract.requestErrors({ method: 'PATCH', path: '/api/v2/dags/d/dagRuns/r/taskInstances/t', headers, body });
    expect(v2.join('\n')).toMatch(/additional properties/);
  });

  it('names routes the spec does not have', () => {
    expect(contract.operationId('GET', '/api/v1/dags/d/taskInstances/t/2024-01-01')).toBeUndefined();
    expect(contract.requestErrors({ method: 'GET', path: '/api/v2/nope' })[0]).toMatch(/no such route/);
    expect(contract.operationId('POST', '/auth/token')).toBe('create_token');
  });

  it('checks response bodies against the schema of their status', () => {
    const request = { method: 'GET', path: '/api/v2/dags/d/dagRuns/r/taskInstances' };
    expect(contract.responseErrors(request, 200, { task_instances: [], total_entries: 0 })).toEqual([]);
    expect(contract.responseErrors(request, 200, { task_instances: [], total_entries: 'x' }).join()).toMatch(/integer/);
    expect(contract.responseErrors(request, 418, {})[0]).toMatch(/no 418 response/);
  });
});
