/**
 * Airflow 3 (`/api/v2`) JSON for the demo's records: every field the response models require,
 * `logical_date` and `run_after`, `Z` dates, `null` for no status, full objects everywhere.
 */
import { createHash } from 'node:crypto';
import { HOUR_MS, v2Date } from '../dates';
import { durationSeconds } from '../queries';
import type { DemoDag, DemoHitlDetail, DemoRun, DemoTask, DemoTaskInstance, DemoTiKey, DemoTry } from '../types';

/** The version the v2 demo reports. */
export const V2_AIRFLOW_VERSION = '3.1.0';

/** A stable UUID for a name, so ids do not change between requests or restarts. */
export function stableUuid(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A task instance's `id` (Airflow's UUID), the same in every answer. */
export function v2TaskInstanceId(ti: DemoTiKey): string {
  return stableUuid(`ti:${ti.dagId}:${ti.runId}:${ti.taskId}:${ti.mapIndex}`);
}

/** What v2 needs besides the record itself. */
export interface V2Related {
  dag: DemoDag;
  run: DemoRun;
  task: DemoTask | undefined;
  /** When the DAG's (only) version was parsed. */
  dagCreatedAt: number;
}

export function v2DagVersion(dag: DemoDag, createdAt: number): Record<string, unknown> {
  return {
    id: stableUuid(`dag-version:${dag.dagId}:1`),
    version_number: 1,
    dag_id: dag.dagId,
    bundle_name: 'dags-folder',
    bundle_version: null,
    created_at: v2Date(createdAt),
    dag_display_name: dag.displayName,
    bundle_url: null,
  };
}

/** Fields task instances and their tries share. */
function commonTiFields(ti: DemoTaskInstance, attempt: DemoTry | DemoTaskInstance, related: V2Related): Record<string, unknown> {
  return {
    task_id: ti.taskId,
    dag_id: ti.dagId,
    dag_run_id: ti.runId,
    map_index: ti.mapIndex,
    start_date: v2Date(attempt.startDate),
    end_date: v2Date(attempt.endDate),
    duration: durationSeconds(attempt.startDate, attempt.endDate),
    state: attempt.state,
    try_number: attempt.tryNumber,
    max_tries: attempt.maxTries,
    task_display_name: ti.taskId,
    dag_display_name: related.dag.displayName,
    hostname: attempt.hostname,
    unixname: attempt.hostname === null ? null : 'airflow',
    pool: related.task?.pool ?? 'default_pool',
    pool_slots: 1,
    queue: related.task?.queue ?? null,
    priority_weight: 1,
    operator: related.task?.operator ?? null,
    operator_name: related.task?.operator ?? null,
    queued_when: v2Date(ti.queuedWhen),
    scheduled_when: v2Date(ti.scheduledWhen),
    pid: attempt.pid,
    executor: null,
    executor_config: '{}',
    dag_version: v2DagVersion(related.dag, related.dagCreatedAt),
  };
}

export function v2TaskInstance(ti: DemoTaskInstance, related: V2Related): Record<string, unknown> {
  return {
    id: v2TaskInstanceId(ti),
    ...commonTiFields(ti, ti, related),
    logical_date: v2Date(related.run.logicalDate),
    run_after: v2Date(related.run.runAfter),
    note: ti.note,
    rendered_map_index: ti.renderedMapIndex,
    rendered_fields: {},
    trigger: null,
    triggerer_job: null,
  };
}

export function v2Try(ti: DemoTaskInstance, attempt: DemoTry, related: V2Related): Record<string, unknown> {
  return commonTiFields(ti, attempt, related);
}

export function v2DagRun(run: DemoRun, dag: DemoDag, dagCreatedAt: number): Record<string, unknown> {
  return {
    dag_run_id: run.runId,
    dag_id: run.dagId,
    logical_date: v2Date(run.logicalDate),
    queued_at: v2Date(run.queuedAt),
    start_date: v2Date(run.startDate),
    end_date: v2Date(run.endDate),
    duration: durationSeconds(run.startDate, run.endDate),
    data_interval_start: v2Date(run.dataIntervalStart),
    data_interval_end: v2Date(run.dataIntervalEnd),
    run_after: v2Date(run.runAfter),
    last_scheduling_decision: v2Date(run.endDate ?? run.startDate),
    run_type: run.runType,
    state: run.state,
    triggered_by: run.runType === 'manual' ? 'ui' : 'timetable',
    triggering_user_name: run.triggeringUser,
    conf: {},
    note: run.note,
    dag_versions: [v2DagVersion(dag, dagCreatedAt)],
    bundle_version: null,
    dag_display_name: dag.displayName,
    partition_key: null,
  };
}

/** `HITLDetail`: the request, its answer (if any), and the full task instance that waits on it. */
export function v2HitlDetail(detail: DemoHitlDetail, taskInstance: Record<string, unknown>): Record<string, unknown> {
  return {
    options: detail.options,
    subject: detail.subject,
    body: detail.body,
    defaults: detail.defaults,
    multiple: detail.multiple,
    params: detail.params,
    assigned_users: detail.assignedUsers.map(({ id, name }) => ({ id, name })),
    created_at: v2Date(detail.createdAt),
    responded_by_user: detail.respondedBy && { id: detail.respondedBy.id, name: detail.respondedBy.name },
    responded_at: v2Date(detail.respondedAt),
    chosen_options: detail.chosenOptions,
    params_input: detail.paramsInput,
    response_received: detail.respondedAt !== null,
    task_instance: taskInstance,
  };
}

/** `HITLDetailResponse`, the answer to a PATCH: who answered, when, and what. */
export function v2HitlResponse(detail: DemoHitlDetail): Record<string, unknown> {
  return {
    responded_by: detail.respondedBy && { id: detail.respondedBy.id, name: detail.respondedBy.name },
    responded_at: v2Date(detail.respondedAt),
    chosen_options: detail.chosenOptions,
    params_input: detail.paramsInput,
  };
}

export function v2ExtraLinks(dag: DemoDag, ti: DemoTaskInstance): Record<string, unknown> {
  const links = dag.tasks.find((t) => t.taskId === ti.taskId)?.extraLinks ?? [];
  return { extra_links: Object.fromEntries(links.map((link) => [link.name, link.href(ti)])), total_entries: links.length };
}

/** The DAG's version date: an hour before its first run was queued. */
export function dagCreatedAt(dagId: string, runs: DemoRun[]): number {
  const first = Math.min(...runs.filter((r) => r.dagId === dagId).map((r) => r.queuedAt));
  return (Number.isFinite(first) ? first : 0) - HOUR_MS;
}

/** A DAG as Airflow 3 lists it (`GET /dags`): every field `DAGResponse` requires. */
export function v2Dag(dag: DemoDag, parsedAt: number): Record<string, unknown> {
  return {
    dag_id: dag.dagId,
    dag_display_name: dag.displayName,
    is_paused: dag.paused ?? false,
    is_stale: false,
    last_parsed_time: v2Date(parsedAt),
    last_parse_duration: 0.1,
    last_expired: null,
    bundle_name: 'dags-folder',
    bundle_version: null,
    relative_fileloc: `${dag.dagId}.py`,
    fileloc: `/opt/airflow/dags/${dag.dagId}.py`,
    description: null,
    timetable_summary: null,
    timetable_description: null,
    timetable_partitioned: false,
    tags: [],
    max_active_tasks: 16,
    max_active_runs: 16,
    max_consecutive_failed_dag_runs: 0,
    has_task_concurrency_limits: false,
    has_import_errors: false,
    next_dagrun_logical_date: null,
    next_dagrun_data_interval_start: null,
    next_dagrun_data_interval_end: null,
    next_dagrun_run_after: null,
    allowed_run_types: null,
    owners: ['airflow'],
    file_token: `demo-${dag.dagId}`,
  };
}
