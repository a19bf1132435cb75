import type { HitlRequest } from '../../src/airflow/model';

/** A human-in-the-loop request as the views get it; a plain approve-or-reject by default. */
export function makeHitl(overrides: Partial<HitlRequest> = {}): HitlRequest {
  return {
    ref: { dagId: 'etl_daily', runId: 'manual__2026-12-06T09:00:00+00:00', taskId: 'approve_load', mapIndex: -1 },
    taskState: 'deferred',
    tryNumber: 1,
    subject: 'Load the orders into the warehouse?',
    body: 'The **orders** file has `12,345` rows.',
    options: ['Approve', 'Reject'],
    defaults: null,
    multiple: false,
    params: {},
    assignedUsers: [],
    createdAt: '2026-12-06T09:00:00+00:00',
    response: null,
    ...overrides,
  };
}
