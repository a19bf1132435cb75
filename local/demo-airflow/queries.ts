/**
 * Filtering, sorting and paging shared by both dialects. Routes translate their query parameters
 * (v1 `execution_date_gte`, v2 `logical_date_gte`…) into these filters.
 */
import { DemoApiError } from './errors';
import type { DemoStore } from './store';
import type { DemoRun, DemoTaskInstance, DemoTaskState } from './types';

/** The API's wildcard for "every DAG" / "every run". */
export const WILDCARD = '~';

/** Airflow's `[api] maximum_page_limit`. */
export const MAXIMUM_PAGE_LIMIT = 100;

/** Bounds on a number or date (epoch ms); each one optional. */
export interface Range {
  gte?: number;
  gt?: number;
  lte?: number;
  lt?: number;
}

export function inRange(value: number | null, range: Range | undefined): boolean {
  if (!range) return true;
  const bounded = range.gte !== undefined || range.gt !== undefined || range.lte !== undefined || range.lt !== undefined;
  if (value === null) return !bounded;
  return (
    (range.gte === undefined || value >= range.gte) &&
    (range.gt === undefined || value > range.gt) &&
    (range.lte === undefined || value <= range.lte) &&
    (range.lt === undefined || value < range.lt)
  );
}

export interface TaskInstanceFilter {
  dagIds?: string[];
  runIds?: string[];
  taskIds?: string[];
  /** `null` stands for "no status". */
  states?: (DemoTaskState | null)[];
  mapIndexes?: number[];
  pools?: string[];
  queues?: string[];
  logicalDate?: Range;
  runAfter?: Range;
  startDate?: Range;
  endDate?: Range;
  /** Seconds. */
  duration?: Range;
}

/** A task instance with the run it belongs to, which date filters and serializers need. */
export interface TaskInstanceInRun {
  ti: DemoTaskInstance;
  run: DemoRun;
}

function includedIn<T>(value: T, allowed: readonly T[] | undefined): boolean {
  return allowed === undefined || allowed.length === 0 || allowed.includes(value);
}

export function durationSeconds(start: number | null, end: number | null): number | null {
  return start === null || end === null ? null : (end - start) / 1000;
}

export function findTaskInstances(store: DemoStore, filter: TaskInstanceFilter): TaskInstanceInRun[] {
  const runs = new Map(store.runs().map((run) => [`${run.dagId}\u0000${run.runId}`, run]));
  const task = (ti: DemoTaskInstance) => store.dag(ti.dagId)?.tasks.find((t) => t.taskId === ti.taskId);
  return store.taskInstances().flatMap((ti) => {
    const run = runs.get(`${ti.dagId}\u0000${ti.runId}`);
    if (!run) return [];
    const keep =
      includedIn(ti.dagId, filter.dagIds) &&
      includedIn(ti.runId, filter.runIds) &&
      includedIn(ti.taskId, filter.taskIds) &&
      includedIn(ti.state, filter.states) &&
      includedIn(ti.mapIndex, filter.mapIndexes) &&
      includedIn(task(ti)?.pool, filter.pools) &&
      includedIn(task(ti)?.queue, filter.queues) &&
      inRange(run.logicalDate, filter.logicalDate) &&
      inRange(run.runAfter, filter.runAfter) &&
      inRange(ti.startDate, filter.startDate) &&
      inRange(ti.endDate, filter.endDate) &&
      inRange(durationSeconds(ti.startDate, ti.endDate), filter.duration);
    return keep ? [{ ti, run }] : [];
  });
}

export interface RunFilter {
  dagIds?: string[];
  states?: string[];
  runTypes?: string[];
  logicalDate?: Range;
  runAfter?: Range;
  startDate?: Range;
  endDate?: Range;
}

export function findRuns(store: DemoStore, filter: RunFilter): DemoRun[] {
  return store
    .runs()
    .filter(
      (run) =>
        includedIn(run.dagId, filter.dagIds) &&
        includedIn<string>(run.state, filter.states) &&
        includedIn<string>(run.runType, filter.runTypes) &&
        inRange(run.logicalDate, filter.logicalDate) &&
        inRange(run.runAfter, filter.runAfter) &&
        inRange(run.startDate, filter.startDate) &&
        inRange(run.endDate, filter.endDate),
    );
}

export type SortKey<T> = (item: T) => string | number | null;

/**
 * Sorts by Airflow-style keys (`-run_after` is descending). Unknown keys are refused with
 * Airflow's 400. Nulls sort last ascending and first descending, like PostgreSQL.
 */
export function sortByKeys<T>(items: T[], orderBy: string[], keys: Record<string, SortKey<T>>): T[] {
  const comparators = orderBy.map((spec) => {
    const descending = spec.startsWith('-');
    const name = descending ? spec.slice(1) : spec;
    const key = keys[name];
    if (!key) {
      throw new DemoApiError(400, `Ordering with '${name}' is disallowed or the attribute does not exist on the model`);
    }
    return (a: T, b: T): number => {
      const x = key(a);
      const y = key(b);
      const order = x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
      return descending ? -order : order;
    };
  });
  return [...items].sort((a, b) => {
    for (const compare of comparators) {
      const order = compare(a, b);
      if (order !== 0) return order;
    }
    return 0;
  });
}

/** One page, with the limit capped at the server's maximum. */
export function page<T>(items: T[], limit: number, offset: number): T[] {
  return items.slice(offset, offset + Math.min(limit, MAXIMUM_PAGE_LIMIT));
}

/** `[]`-free list of one filter value: `~` means no filter. */
export function unlessWildcard(value: string): string[] | undefined {
  return value === WILDCARD ? undefined : [value];
}

/** State filter values as the APIs take them; `none` / `no_status` / `null` mean "no status". */
export function stateFilter(values: (string | null)[] | undefined): (DemoTaskState | null)[] | undefined {
  return values?.map((v) => (v === null || v === 'none' || v === 'no_status' ? null : (v as DemoTaskState)));
}

/** A task instance's task definition, for the fields that come from it (operator, pool, queue). */
export function taskOf(store: DemoStore, ti: DemoTaskInstance) {
  return store.dag(ti.dagId)?.tasks.find((t) => t.taskId === ti.taskId);
}

/**
 * Airflow's `*_pattern` / `*_search` query parameters: a case-insensitive SQL `LIKE` on part of the
 * value (`%` any run of characters, `_` one character), with `|` between alternatives.
 *
 * @example
 * likeSearch('release_% | backfill')('backfill_review') // true
 */
export function likeSearch(pattern: string): (value: string | null) => boolean {
  const alternatives = pattern.split('|').map((term) => {
    const source = [...term.trim()]
      .map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    return new RegExp(source, 'is');
  });
  return (value) => value !== null && alternatives.some((re) => re.test(value));
}
