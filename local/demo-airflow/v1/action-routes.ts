/** The v1 routes that change things: set state, clear, notes. Dry runs are the default, as in Airflow 2. */
import type { DemoContext } from '../context';
import { parseIsoDate } from '../dates';
import { DemoApiError } from '../errors';
import { json } from '../http/respond';
import type { Router } from '../http/router';
import type { DemoRequest, DemoResponse } from '../http/types';
import { taskOf } from '../queries';
import type { DemoTaskInstance } from '../types';
import { V1, V1_TI } from './read-routes';
import { v1Body } from './request';
import { clearTaskInstancesBody, setNoteBody, updateTaskInstanceBody, updateTaskInstancesStateBody } from './schemas';
import { v1TaskInstance, v1TaskInstanceReference } from './serializers';

function references(ctx: DemoContext, tis: DemoTaskInstance[]): DemoResponse {
  return json({
    task_instances: tis.map((ti) => v1TaskInstanceReference(ti, ctx.store.requireRun(ti.dagId, ti.runId))),
  });
}

function runIdByLogicalDate(ctx: DemoContext, dagId: string, executionDate: string): string {
  const when = parseIsoDate(executionDate);
  const run = ctx.store.runs().find((r) => r.dagId === dagId && r.logicalDate === when);
  if (!run) throw new DemoApiError(404, `DAG run with execution_date ${executionDate} not found in DAG '${dagId}'`);
  return run.runId;
}

export function addV1ActionRoutes(router: Router, ctx: DemoContext): void {
  const { store } = ctx;

  const patchTaskInstance = (request: DemoRequest): DemoResponse => {
    const { dag_id: dagId = '', dag_run_id: runId = '', task_id: taskId = '', map_index: mapText } = request.params;
    const mapIndex = mapText === undefined ? -1 : Number(mapText);
    const body = v1Body(request, updateTaskInstanceBody);
    const target = store.requireTaskInstance(dagId, runId, taskId, mapIndex);
    store.setState({
      dagId,
      runId,
      taskId,
      mapIndex,
      newState: body.new_state,
      includeUpstream: false,
      includeDownstream: false,
      includeFuture: false,
      includePast: false,
      dryRun: body.dry_run,
    });
    // Airflow 2 answers with the target's reference whether or not its state had to change.
    return json(v1TaskInstanceReference(target, store.requireRun(dagId, runId)));
  };
  router.add('PATCH', `${V1_TI}/{task_id}`, patchTaskInstance);
  router.add('PATCH', `${V1_TI}/{task_id}/{map_index}`, patchTaskInstance);

  router.add('POST', `${V1}/dags/{dag_id}/updateTaskInstancesState`, (request) => {
    const dagId = request.params.dag_id ?? '';
    const body = v1Body(request, updateTaskInstancesStateBody);
    store.requireDag(dagId);
    if ((body.dag_run_id === undefined) === (body.execution_date === undefined)) {
      throw new DemoApiError(400, 'Exactly one of execution_date or dag_run_id must be provided');
    }
    const runId = body.dag_run_id ?? runIdByLogicalDate(ctx, dagId, body.execution_date ?? '');
    const altered = store.setState({
      dagId,
      runId,
      taskId: body.task_id,
      mapIndex: undefined,
      newState: body.new_state,
      includeUpstream: body.include_upstream,
      includeDownstream: body.include_downstream,
      includeFuture: body.include_future,
      includePast: body.include_past,
      dryRun: body.dry_run,
    });
    return references(ctx, altered);
  });

  router.add('POST', `${V1}/dags/{dag_id}/clearTaskInstances`, (request) => {
    const dagId = request.params.dag_id ?? '';
    const body = v1Body(request, clearTaskInstancesBody);
    const date = (value: string | undefined, name: string): number | undefined => {
      if (value === undefined) return undefined;
      const parsed = parseIsoDate(value);
      if (parsed === undefined) throw new DemoApiError(400, `'${value}' is not a 'date-time' - '${name}'`);
      return parsed;
    };
    const cleared = store.clear({
      dagId,
      tasks: body.task_ids?.map((taskId) => ({ taskId })),
      runId: body.dag_run_id ?? undefined,
      startDate: date(body.start_date, 'start_date'),
      endDate: date(body.end_date, 'end_date'),
      onlyFailed: body.only_failed,
      onlyRunning: body.only_running,
      includeUpstream: body.include_upstream,
      includeDownstream: body.include_downstream,
      includeFuture: body.include_future,
      includePast: body.include_past,
      resetDagRuns: body.reset_dag_runs,
      dryRun: body.dry_run,
    });
    return references(ctx, cleared);
  });

  const setNote = (request: DemoRequest): DemoResponse => {
    const { dag_id: dagId = '', dag_run_id: runId = '', task_id: taskId = '', map_index: mapText } = request.params;
    const body = v1Body(request, setNoteBody);
    const [ti] = store.setNote(dagId, runId, taskId, mapText === undefined ? -1 : Number(mapText), body.note);
    if (!ti) throw new DemoApiError(404, `Task instance ${taskId} not found`);
    return json(v1TaskInstance(ti, store.requireRun(dagId, runId), taskOf(store, ti)));
  };
  router.add('PATCH', `${V1_TI}/{task_id}/setNote`, setNote);
  router.add('PATCH', `${V1_TI}/{task_id}/{map_index}/setNote`, setNote);
}
