import { apiPath } from '../../src/airflow/api-path';

describe('apiPath', () => {
  it('encodes every interpolated value as one path segment', () => {
    expect(apiPath`api/v1/dags/${'etl'}/dagRuns/${'manual/with/slashes'}/taskInstances/${'load'}/${3}`).toBe(
      'api/v1/dags/etl/dagRuns/manual%2Fwith%2Fslashes/taskInstances/load/3',
    );
  });

  it('keeps + and : of a scheduled run id from reaching Airflow as a space or a separator', () => {
    expect(apiPath`${'scheduled__2024-01-01T00:00:00+00:00'}`).toBe('scheduled__2024-01-01T00%3A00%3A00%2B00%3A00');
  });

  it('leaves the ~ wildcard as it is', () => {
    expect(apiPath`api/v2/dags/${'~'}/dagRuns/${'~'}/taskInstances`).toBe('api/v2/dags/~/dagRuns/~/taskInstances');
  });
});
