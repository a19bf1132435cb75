import type { HitlRequest } from '../../src/airflow/model';

/** A pending request on `etl_daily`'s `approve` task, made at 09:00: Approve or Reject, one of them. */
export function pendingHitlRequest(overrides: Partial<HitlRequest> = {}): HitlRequest {
  return {
    ref: { dagId: 'etl_daily', runId: 'scheduled__2026-12-06T00:00:00+00:00', taskId: 'approve', mapIndex: -1 },
    taskState: 'deferred',
    tryNumber: 1,
    subject: 'Publish the report?',
    body: null,
    options: ['Approve', 'Reject'],
    defaults: null,
    multiple: false,
    params: {},
    assignedUsers: [],
    createdAt: '2026-12-06T09:00:00.000000Z',
    response: null,
    ...overrides,
  };
}
