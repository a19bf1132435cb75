import { apiPath, idProblem, isEscapingId } from '../../src/airflow/api-path';

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

describe('apiPath with an id that would leave its segment', () => {
  it.each(['.', '..', '%2e%2e', '%2E.', '.%2e', '%2e', '%252e%252e', ''])('refuses %p with a clear BotError', (id) => {
    expect(() => apiPath`api/v2/dags/${id}/dagRuns`).toThrow(
      expect.objectContaining({ kind: 'invalid', userMessage: 'An empty id, `.` or `..` names nothing in Airflow: use the real DAG, run and task ids.' }),
    );
  });

  it.each(['...', '.hidden', 'etl.daily', '..x', '%2e%2e%2e', '%zz', '%2'])('keeps %p, which stays one segment', (id) => {
    expect(apiPath`dags/${id}`).toBe(`dags/${encodeURIComponent(id)}`);
  });
});

describe('apiPath with an id that is not well-formed text', () => {
  it.each(['\ud800', 'run_\udc00', '\ud83d_end'])('refuses %p with a clear BotError instead of the URIError of encodeURIComponent', (id) => {
    expect(() => apiPath`api/v2/dags/etl/dagRuns/${id}`).toThrow(
      expect.objectContaining({ kind: 'invalid', userMessage: 'An id that is not well-formed text names nothing in Airflow: use the real DAG, run and task ids.' }),
    );
  });

  it('keeps a pair of surrogates, which is one well-formed character', () => {
    expect(apiPath`dags/${'etl_\ud83d\ude80'}`).toBe('dags/etl_%F0%9F%9A%80');
  });
});

describe('idProblem', () => {
  it.each([
    ['etl_daily', undefined],
    ['scheduled__2026-11-22T00:00:00+00:00', undefined],
    ['manual/with/slashes', undefined],
    ['..', 'must not be empty, `.` or `..` (percent-encoded or not)'],
    ['%252e%252e', 'must not be empty, `.` or `..` (percent-encoded or not)'],
    ['\ud800', 'must be well-formed text (it holds a lone surrogate)'],
  ])('judges %p: %p', (id, problem) => {
    expect(idProblem(id)).toBe(problem);
  });
});

describe('isEscapingId', () => {
  it.each([
    ['.', true],
    ['..', true],
    ['%2e%2e', true],
    ['%2E%2e', true],
    ['%2E.', true],
    ['%25%32%65', true],
    ['', true],
    ['%252e%252e', true],
    ['%25252e', true],
    ['...', false],
    ['a.', false],
    ['%2e%2e%2e', false],
  ])('%p → %p', (id, escaping) => {
    expect(isEscapingId(id)).toBe(escaping);
  });
});
