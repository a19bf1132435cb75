/**
 * Airflow 2 (`/api/v1`) JSON for the demo's records, field for field as the stable REST API
 * sends it: `execution_date`, `+00:00` dates, `"none"` for a task instance with no status.
 */
import { v1Date } from '../dates';
import { durationSeconds } from '../queries';
import type { DemoDag, DemoRun, DemoTask, DemoTaskInstance, DemoTry } from '../types';

/** The version the v1 demo reports. */
export const V1_AIRFLOW_VERSION = '2.10.5';

export function v1TaskInstance(ti: DemoTaskInstance, run: DemoRun, task: DemoTask | undefined): Record<string, unknown> {
  return {
    task_id: ti.taskId,
    task_display_name: ti.taskId,
    dag_id: ti.dagId,
    dag_run_id: ti.runId,
    execution_date: v1Date(run.logicalDate),
    start_date: v1Date(ti.startDate),
    end_date: v1Date(ti.endDate),
    duration: durationSeconds(ti.startDate, ti.endDate),
    // Airflow 2 spells "no status" as "none" in this API (the spec's enum has both).
    state: ti.state ?? 'none',
    try_number: ti.tryNumber,
    map_index: ti.mapIndex,
    max_tries: ti.maxTries,
    hostname: ti.hostname ?? '',
    unixname: 'airflow',
    pool: task?.pool ?? 'default_pool',
    pool_slots: 1,
    queue: task?.queue ?? null,
    priority_weight: 1,
    operator: task?.operator ?? null,
    queued_when: v1Date(ti.queuedWhen),
    pid: ti.pid,
    executor: null,
    executor_config: '{}',
    sla_miss: null,
    rendered_map_index: ti.renderedMapIndex,
    rendered_fields: {},
    trigger: null,
    triggerer_job: null,
    note: ti.note,
  };
}

/** What v1 answers for set-state and clear: a reference, not the whole task instance. */
export function v1TaskInstanceReference(ti: DemoTaskInstance, run: DemoRun): Record<string, unknown> {
  return { task_id: ti.taskId, dag_id: ti.dagId, execution_date: v1Date(run.logicalDate), dag_run_id: ti.runId };
}

export function v1Try(ti: DemoTaskInstance, attempt: DemoTry, task: DemoTask | undefined): Record<string, unknown> {
  return {
    task_id: ti.taskId,
    task_display_name: ti.taskId,
    dag_id: ti.dagId,
    dag_run_id: ti.runId,
    start_date: v1Date(attempt.startDate),
    end_date: v1Date(attempt.endDate),
    duration: durationSeconds(attempt.startDate, attempt.endDate),
    state: attempt.state ?? 'none',
    try_number: attempt.tryNumber,
    map_index: ti.mapIndex,
    max_tries: attempt.maxTries,
    hostname: attempt.hostname ?? '',
    unixname: 'airflow',
    pool: task?.pool ?? 'default_pool',
    pool_slots: 1,
    queue: task?.queue ?? null,
    priority_weight: 1,
    operator: task?.operator ?? null,
    queued_when: null,
    pid: attempt.pid,
    executor: null,
    executor_config: '{}',
  };
}

export function v1DagRun(run: DemoRun): Record<string, unknown> {
  return {
    dag_run_id: run.runId,
    dag_id: run.dagId,
    logical_date: v1Date(run.logicalDate),
    execution_date: v1Date(run.logicalDate),
    start_date: v1Date(run.startDate),
    end_date: v1Date(run.endDate),
    data_interval_start: v1Date(run.dataIntervalStart),
    data_interval_end: v1Date(run.dataIntervalEnd),
    last_scheduling_decision: v1Date(run.endDate ?? run.startDate),
    run_type: run.runType,
    state: run.state,
    external_trigger: run.runType === 'manual',
    conf: {},
    note: run.note,
  };
}

export function v1ExtraLinks(dag: DemoDag, ti: DemoTaskInstance): Record<string, unknown> {
  const task = dag.tasks.find((t) => t.taskId === ti.taskId);
  return {
    // The spec's `href` is not nullable, so a link with no target for this instance is left out.
    extra_links: (task?.extraLinks ?? []).flatMap((link) => {
      const href = link.href(ti);
      if (href === null) return [];
      return [{ class_ref: { module_path: link.classRef.modulePath, class_name: link.classRef.className }, name: link.name, href }];
    }),
  };
}

/** A DAG as Airflow 2 lists it (`GET /dags`, `GET /dags/{dag_id}`); the demo has no schedule to show. */
export function v1Dag(dag: DemoDag): Record<string, unknown> {
  return {
    dag_id: dag.dagId,
    dag_display_name: dag.displayName,
    root_dag_id: null,
    is_paused: dag.paused ?? false,
    is_active: true,
    is_subdag: false,
    fileloc: `/opt/airflow/dags/${dag.dagId}.py`,
    file_token: `demo-${dag.dagId}`,
    owners: ['airflow'],
    description: null,
    tags: [],
    has_import_errors: false,
  };
}
