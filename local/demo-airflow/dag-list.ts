/**
 * The DAG list both dialects serve (`GET /api/v1/dags`, `GET /api/v2/dags`): filtered by
 * `dag_id_pattern` and `paused`, ordered by `dag_id`. Each dialect serializes the DAGs its own way.
 */
import type { DemoStore } from './store';
import type { DemoDag } from './types';

/** DAGs without runs, `generated_dag_00000` …, every tenth paused: a large deployment for tests and the bench. */
export function generatedDags(count: number): DemoDag[] {
  return Array.from({ length: count }, (_, i) => {
    const dagId = `generated_dag_${String(i).padStart(5, '0')}`;
    return { dagId, displayName: dagId, tasks: [], paused: i % 10 === 9 };
  });
}

/**
 * Airflow's `dag_id_pattern`: a case-insensitive SQL `LIKE` match anywhere in the id (Airflow wraps
 * the value in `%…%`), `%` and `_` as wildcards, and `|` between alternatives (Airflow 3).
 */
export function dagIdMatcher(pattern: string | null): (dagId: string) => boolean {
  if (pattern === null || pattern === '') return () => true;
  const alternatives = pattern.split('|').map((part) => part.trim()).filter((part) => part !== '');
  const regexes = alternatives.map(
    (part) => new RegExp(part.replace(/[.*+?^${}()[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.'), 'iu'),
  );
  return (dagId) => regexes.some((regex) => regex.test(dagId));
}

/** The DAGs a list request selects, in `dag_id` order (`-dag_id` reverses it). */
export function listDags(store: DemoStore, query: URLSearchParams): DemoDag[] {
  const matches = dagIdMatcher(query.get('dag_id_pattern'));
  const paused = query.get('paused');
  const selected = store
    .dags()
    .filter((dag) => matches(dag.dagId))
    .filter((dag) => paused === null || (dag.paused ?? false) === (paused === 'true'));
  const sorted = [...selected].sort((a, b) => (a.dagId < b.dagId ? -1 : a.dagId > b.dagId ? 1 : 0));
  return query.getAll('order_by').includes('-dag_id') ? sorted.reverse() : sorted;
}
