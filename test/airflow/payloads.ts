/**
 * Airflow payloads as the real APIs send them (complete per the spec, since the test server checks
 * every body it sends), plus the fakes the client needs.
 */
import type { AirflowDeployment } from '../../src/config/types';
import type { AirflowCredentialProvider, AirflowCredentials } from '../../src/credentials/types';

export const T0 = '2024-01-01T00:00:00+00:00';

export interface TiFields {
  dag_id?: string;
  dag_run_id?: string;
  task_id?: string;
  map_index?: number;
  state?: string | null;
  try_number?: number;
  start_date?: string | null;
  note?: string | null;
}

export function v1TaskInstance(fields: TiFields = {}): Record<string, unknown> {
  return {
    task_id: 'load',
    dag_id: 'etl_daily',
    dag_run_id: `scheduled__${T0}`,
    execution_date: T0,
    start_date: '2024-01-01T01:00:00+00:00',
    end_date: '2024-01-01T01:05:00+00:00',
    duration: 300.5,
    state: 'failed',
    try_number: 2,
    map_index: -1,
    max_tries: 3,
    hostname: 'worker-1',
    unixname: 'airflow',
    pool: 'default_pool',
    pool_slots: 1,
    queue: 'default',
    priority_weight: 1,
    operator: 'PythonOperator',
    queued_when: '2024-01-01T00:59:00+00:00',
    pid: 1234,
    executor: null,
    executor_config: '{}',
    rendered_map_index: null,
    rendered_fields: {},
    note: null,
    ...fields,
  };
}

export function v2TaskInstance(fields: TiFields = {}): Record<string, unknown> {
  return {
    id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    task_id: 'load',
    dag_id: 'etl_daily',
    dag_run_id: `scheduled__${T0}`,
    map_index: -1,
    logical_date: '2024-01-01T00:00:00Z',
    run_after: '2024-01-01T00:00:00Z',
    start_date: '2024-01-01T01:00:00Z',
    end_date: '2024-01-01T01:05:00Z',
    duration: 300.5,
    state: 'failed',
    try_number: 2,
    max_tries: 3,
    task_display_name: 'load',
    dag_display_name: 'etl_daily',
    hostname: 'worker-1',
    unixname: 'airflow',
    pool: 'default_pool',
    pool_slots: 1,
    queue: 'default',
    priority_weight: 1,
    operator: 'PythonOperator',
    operator_name: 'PythonOperator',
    queued_when: '2024-01-01T00:59:00Z',
    scheduled_when: '2024-01-01T00:58:00Z',
    pid: 1234,
    executor: null,
    executor_config: '{}',
    note: null,
    rendered_map_index: null,
    rendered_fields: {},
    trigger: null,
    triggerer_job: null,
    dag_version: null,
    ...fields,
  };
}

export function v1DagRun(runId: string, logicalDate: string, state = 'success'): Record<string, unknown> {
  return {
    dag_run_id: runId,
    dag_id: 'etl_daily',
    logical_date: logicalDate,
    execution_date: logicalDate,
    start_date: logicalDate,
    end_date: null,
    data_interval_start: logicalDate,
    data_interval_end: logicalDate,
    last_scheduling_decision: null,
    run_type: 'scheduled',
    state,
    external_trigger: false,
    conf: {},
    note: null,
  };
}

export function v2DagRun(runId: string, logicalDate: string | null, state = 'success'): Record<string, unknown> {
  return {
    dag_run_id: runId,
    dag_id: 'etl_daily',
    logical_date: logicalDate,
    queued_at: null,
    start_date: logicalDate,
    end_date: null,
    duration: null,
    data_interval_start: logicalDate,
    data_interval_end: logicalDate,
    run_after: logicalDate ?? '2024-02-01T00:00:00Z',
    last_scheduling_decision: null,
    run_type: logicalDate === null ? 'manual' : 'scheduled',
    state,
    triggered_by: null,
    triggering_user_name: null,
    conf: {},
    note: null,
    dag_versions: [],
    bundle_version: null,
    dag_display_name: 'etl_daily',
    partition_key: null,
  };
}

export function v1Try(tryNumber: number, state: string): Record<string, unknown> {
  return {
    task_id: 'load',
    dag_id: 'etl_daily',
    dag_run_id: `scheduled__${T0}`,
    start_date: '2024-01-01T01:00:00+00:00',
    end_date: '2024-01-01T01:05:00+00:00',
    duration: 12,
    state,
    try_number: tryNumber,
    map_index: -1,
    max_tries: 3,
    hostname: `worker-${tryNumber}`,
    unixname: 'airflow',
    pool: 'default_pool',
    pool_slots: 1,
    queue: 'default',
    priority_weight: 1,
    operator: 'PythonOperator',
    queued_when: null,
    pid: null,
    executor: null,
    executor_config: '{}',
  };
}

export function v2Try(tryNumber: number, state: string, mapIndex = -1): Record<string, unknown> {
  return {
    task_id: 'load',
    dag_id: 'etl_daily',
    dag_run_id: `scheduled__${T0}`,
    map_index: mapIndex,
    start_date: '2024-01-01T01:00:00Z',
    end_date: '2024-01-01T01:05:00Z',
    duration: 12,
    state,
    try_number: tryNumber,
    max_tries: 3,
    task_display_name: 'load',
    dag_display_name: 'etl_daily',
    hostname: `worker-${tryNumber}`,
    unixname: 'airflow',
    pool: 'default_pool',
    pool_slots: 1,
    queue: 'default',
    priority_weight: 1,
    operator: 'PythonOperator',
    operator_name: 'PythonOperator',
    queued_when: null,
    scheduled_when: null,
    pid: null,
    executor: null,
    executor_config: '{}',
    dag_version: null,
  };
}

export function v1Reference(taskId: string, runId = `scheduled__${T0}`): Record<string, unknown> {
  return { task_id: taskId, dag_id: 'etl_daily', execution_date: T0, dag_run_id: runId };
}

/** Airflow 2's RFC 7807 error body, as it sends it with `application/problem+json`. */
export function v1Problem(status: number, title: string, detail?: string): Record<string, unknown> {
  return {
    type: `https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/${title.replace(/ /g, '')}`,
    title,
    status,
    ...(detail === undefined ? {} : { detail }),
  };
}

export const PROBLEM_JSON = 'application/problem+json';

/** A JWT (unsigned: the client does not check signatures) expiring at `expSeconds`, or without `exp`. */
export function jwt(expSeconds?: number, subject = 'bot'): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = expSeconds === undefined ? { sub: subject } : { sub: subject, exp: expSeconds };
  return `${part({ alg: 'HS512', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

export function deployment(
  url: string,
  settings: Partial<Pick<AirflowDeployment, 'dialect' | 'auth' | 'name'>> = {},
): AirflowDeployment {
  return {
    name: settings.name ?? 'prod-eu',
    displayName: 'Production EU',
    apiUrl: url,
    uiUrl: url,
    dialect: settings.dialect ?? 'v1',
    auth: settings.auth ?? 'basic',
    secretId: 'airflow/prod-eu',
    defaultChannels: [],
  };
}

/** A credentials provider that hands out `current` and, on `refresh`, switches to `rotated`. */
export class FakeCredentials implements AirflowCredentialProvider {
  gets = 0;
  refreshes = 0;

  constructor(
    private current: AirflowCredentials,
    private readonly rotated: AirflowCredentials = current,
  ) {}

  async get(): Promise<AirflowCredentials> {
    this.gets += 1;
    return this.current;
  }

  async refresh(): Promise<AirflowCredentials> {
    this.refreshes += 1;
    this.current = this.rotated;
    return this.current;
  }
}

export const BASIC: AirflowCredentials = { kind: 'basic', username: 'bot', password: 's3cret' };
export const BASIC_HEADER = `Basic ${Buffer.from('bot:s3cret').toString('base64')}`;

/** Backoff kept tiny so retry tests stay fast. */
export const FAST_RETRY = { limit: 2, backoffMs: 1, maxRetryAfterMs: 20 };

/**
 * Airflow 3.1's `HITLDetail` of an unanswered request whose task instance waits (deferred), with
 * one param as `Param.dump()` sends it and one bare; `fields` replaces top-level fields.
 */
export function v2HitlDetail(fields: Record<string, unknown> = {}, ti: TiFields = {}): Record<string, unknown> {
  return {
    options: ['Approve', 'Reject'],
    subject: 'Publish the daily report?',
    body: 'Rows: **1,204**',
    defaults: ['Reject'],
    multiple: false,
    params: {
      reason: { value: 'looks fine', description: 'Why', schema: { type: 'string', maxLength: 200 } },
      retries: 3,
    },
    assigned_users: [{ id: '7', name: 'ops-bot' }],
    created_at: '2024-01-01T01:02:03.456000Z',
    responded_by_user: null,
    responded_at: null,
    chosen_options: null,
    params_input: {},
    response_received: false,
    task_instance: v2TaskInstance({ task_id: 'approve', state: 'deferred', try_number: 1, ...ti }),
    ...fields,
  };
}
