import type { DemoContext } from '../context';
import { taskOf } from '../queries';
import type { DemoRun, DemoTaskInstance } from '../types';
import { dagCreatedAt, v2DagRun, v2TaskInstance, type V2Related } from './serializers';

/** The DAG, run and task a v2 task-instance body needs. */
export function relatedOf(ctx: DemoContext, ti: DemoTaskInstance, run?: DemoRun): V2Related {
  return {
    dag: ctx.store.requireDag(ti.dagId),
    run: run ?? ctx.store.requireRun(ti.dagId, ti.runId),
    task: taskOf(ctx.store, ti),
    dagCreatedAt: dagCreatedAt(ti.dagId, ctx.store.runs()),
  };
}

export function serializeTi(ctx: DemoContext, ti: DemoTaskInstance, run?: DemoRun): Record<string, unknown> {
  return v2TaskInstance(ti, relatedOf(ctx, ti, run));
}

export function serializeRun(ctx: DemoContext, run: DemoRun): Record<string, unknown> {
  return v2DagRun(run, ctx.store.requireDag(run.dagId), dagCreatedAt(run.dagId, ctx.store.runs()));
}

/** `{task_instances, total_entries}` for full task instances. */
export function tiCollection(ctx: DemoContext, tis: DemoTaskInstance[]): Record<string, unknown> {
  return { task_instances: tis.map((ti) => serializeTi(ctx, ti)), total_entries: tis.length };
}
