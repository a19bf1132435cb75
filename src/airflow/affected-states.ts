import type { ReportedTaskInstance } from './dialect';
import { UNMAPPED, type AffectedTaskInstance, type TaskInstance, type TaskState } from './model';

/**
 * Completes what an action reported with a listing of the run taken before the action: each
 * task instance gets its state before the change, and Airflow 2's references (which name neither
 * state nor map index) become the run's task instances of that task.
 *
 * A reference names a task, not a map index: when Airflow reported fewer references for a task
 * than the run has instances of it, the instances whose state differs from `targetState` (those
 * a set-state actually changes) are taken first, in map-index order.
 */
export function affectedFromSnapshot(
  reported: readonly ReportedTaskInstance[],
  snapshot: readonly TaskInstance[],
  targetState?: TaskState,
): AffectedTaskInstance[] {
  const byTask = new Map<string, TaskInstance[]>();
  for (const ti of snapshot) {
    const key = taskKey(ti);
    byTask.set(key, [...(byTask.get(key) ?? []), ti]);
  }
  const referencesPerTask = new Map<string, number>();
  for (const item of reported) {
    if (item.mapIndex === undefined) referencesPerTask.set(taskKey(item), (referencesPerTask.get(taskKey(item)) ?? 0) + 1);
  }

  const affected: AffectedTaskInstance[] = [];
  const expanded = new Set<string>();
  for (const item of reported) {
    const key = taskKey(item);
    const candidates = byTask.get(key) ?? [];
    if (item.mapIndex !== undefined) {
      const mapIndex = item.mapIndex;
      const before = candidates.find((ti) => ti.mapIndex === mapIndex);
      affected.push(toAffected(item, mapIndex, before?.state ?? item.state ?? null));
      continue;
    }
    if (expanded.has(key)) continue;
    expanded.add(key);
    if (candidates.length === 0) {
      affected.push(toAffected(item, UNMAPPED, item.state ?? null));
      continue;
    }
    const wanted = referencesPerTask.get(key) ?? 1;
    const changing = candidates.filter((ti) => ti.state !== targetState);
    const unchanged = candidates.filter((ti) => ti.state === targetState);
    const chosen = candidates.length <= wanted ? candidates : [...changing, ...unchanged].slice(0, wanted);
    for (const ti of [...chosen].sort((a, b) => a.mapIndex - b.mapIndex)) {
      affected.push(toAffected(item, ti.mapIndex, ti.state));
    }
  }
  return affected;
}

function toAffected(item: ReportedTaskInstance, mapIndex: number, state: TaskState | null): AffectedTaskInstance {
  return { dagId: item.dagId, runId: item.runId, taskId: item.taskId, mapIndex, state };
}

function taskKey(ti: { dagId: string; runId: string; taskId: string }): string {
  return JSON.stringify([ti.dagId, ti.runId, ti.taskId]);
}
