/**
 * The v2 routes that change things. PATCH applies at once and `/dry_run` previews (there is no
 * `dry_run` field); clear keeps its `dry_run` flag, true by default.
 */
import type { DemoContext } from '../context';
import { DemoApiError } from '../errors';
import { json, queryList } from '../http/respond';
import type { Router } from '../http/router';
import type { DemoRequest, DemoResponse } from '../http/types';
import type { SettableDemoState } from '../store';
import type { DemoTaskInstance } from '../types';
import { tiCollection } from './related';
import { v2Body, v2BodyRange, v2OptionalInteger } from './request';
import { V2, V2_TI } from './read-routes';
import { clearTaskInstancesBody, patchTaskInstanceBody } from './schemas';

const NOTE = 'note';
const NEW_STATE = 'new_state';

export function addV2ActionRoutes(router: Router, ctx: DemoContext): void {
  const { store } = ctx;

  const patch = (dryRun: boolean) => (request: DemoRequest): DemoResponse => {
    const { dag_id: dagId = '', dag_run_id: runId = '', task_id: taskId = '', map_index: fromPath } = request.params;
    const mapIndex = fromPath !== undefined ? Number(fromPath) : v2OptionalInteger(request, 'map_index');
    const body = v2Body(request, patchTaskInstanceBody);
    const targets = targetsOf(ctx, dagId, runId, taskId, mapIndex);
    // Without an update mask, every field the body sets is updated.
    const fields = queryList(request.query, 'update_mask') ?? Object.keys(body).filter((k) => k === NOTE || k === NEW_STATE);
    let result: DemoTaskInstance[] = targets;
    if (fields.includes(NEW_STATE) && body.new_state) {
      const newState = body.new_state as SettableDemoState;
      result = store.setState({
        dagId,
        runId,
        taskId,
        mapIndex,
        newState,
        includeUpstream: body.include_upstream,
        includeDownstream: body.include_downstream,
        includeFuture: body.include_future,
        includePast: body.include_past,
        dryRun,
      });
      if (!dryRun && result.length === 0) throw new DemoApiError(409, `Task id ${taskId} is already in ${newState} state`);
    }
    if (fields.includes(NOTE) && body.note !== undefined && !dryRun) {
      const noted = store.setNote(dagId, runId, taskId, mapIndex, body.note);
      if (!fields.includes(NEW_STATE)) result = noted;
      else result = result.map((ti) => noted.find((n) => sameKey(n, ti)) ?? ti);
    }
    return json(tiCollection(ctx, result));
  };
  router.add('PATCH', `${V2_TI}/{task_id}/dry_run`, patch(true));
  router.add('PATCH', `${V2_TI}/{task_id}/{map_index}/dry_run`, patch(true));
  router.add('PATCH', `${V2_TI}/{task_id}`, patch(false));
  router.add('PATCH', `${V2_TI}/{task_id}/{map_index}`, patch(false));

  router.add('POST', `${V2}/dags/{dag_id}/clearTaskInstances`, (request) => {
    const dagId = request.params.dag_id ?? '';
    const body = v2Body(request, clearTaskInstancesBody);
    const window = v2BodyRange({ x_gte: body.start_date, x_lte: body.end_date }, 'x');
    const cleared = store.clear({
      dagId,
      tasks: body.task_ids?.map((entry) => (typeof entry === 'string' ? { taskId: entry } : { taskId: entry[0], mapIndex: entry[1] })),
      runId: body.dag_run_id ?? undefined,
      startDate: window.gte,
      endDate: window.lte,
      onlyFailed: body.only_failed,
      onlyRunning: body.only_running,
      includeUpstream: body.include_upstream,
      includeDownstream: body.include_downstream,
      includeFuture: body.include_future,
      includePast: body.include_past,
      resetDagRuns: body.reset_dag_runs,
      dryRun: body.dry_run,
    });
    return json(tiCollection(ctx, cleared));
  });
}

/** The task instances a PATCH addresses: one map index, or all of the task's when none is given. */
function targetsOf(ctx: DemoContext, dagId: string, runId: string, taskId: string, mapIndex: number | undefined): DemoTaskInstance[] {
  if (mapIndex !== undefined) return [ctx.store.requireTaskInstance(dagId, runId, taskId, mapIndex)];
  ctx.store.requireRun(dagId, runId);
  const all = ctx.store.taskInstances().filter((ti) => ti.dagId === dagId && ti.runId === runId && ti.taskId === taskId);
  if (all.length === 0) ctx.store.requireTaskInstance(dagId, runId, taskId, -1);
  return all;
}

function sameKey(a: DemoTaskInstance, b: DemoTaskInstance): boolean {
  return a.dagId === b.dagId && a.runId === b.runId && a.taskId === b.taskId && a.mapIndex === b.mapIndex;
}
