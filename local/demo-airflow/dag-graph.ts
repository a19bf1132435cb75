import type { DemoDag } from './types';

/**
 * Every task reachable from `taskId` by following the DAG's edges one way (all ancestors for
 * `upstream`, all descendants for `downstream`), not including `taskId` itself.
 */
export function relatedTaskIds(dag: DemoDag, taskId: string, direction: 'upstream' | 'downstream'): string[] {
  const next = (id: string): string[] =>
    direction === 'downstream'
      ? (dag.tasks.find((t) => t.taskId === id)?.downstream ?? [])
      : dag.tasks.filter((t) => t.downstream.includes(id)).map((t) => t.taskId);
  const seen = new Set<string>();
  const pending = [...next(taskId)];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (seen.has(id) || id === taskId) continue;
    seen.add(id);
    pending.push(...next(id));
  }
  return dag.tasks.map((t) => t.taskId).filter((id) => seen.has(id));
}
