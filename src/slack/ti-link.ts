import { idProblem } from '../airflow/api-path';
import { UNMAPPED } from '../airflow/model';

/** A deployment's Airflow UI base URL, which may carry a path prefix (`https://host/airflow`). */
export interface UiLink {
  deployment: string;
  uiUrl: string;
}

/** A task instance named by an Airflow UI link. Links always name the run by its id. */
export interface TaskInstanceLink {
  deployment: string;
  dagId: string;
  run: { kind: 'id'; runId: string };
  taskId: string;
  /** `-1` when the link names no map index. */
  mapIndex: number;
}

/** Where a link points inside one deployment's UI. */
export interface UiLinkMatch {
  deployment: string;
  /** The path below the UI base URL, split into raw (still percent-encoded) segments. */
  segments: string[];
  query: URLSearchParams;
}

/**
 * The deployment whose UI a URL points into: same host and port, and the path sits under the
 * deployment's base path. When base URLs nest, the longest one wins. The scheme is not compared,
 * since people paste `http://` links to sites served on `https://` too.
 *
 * @example
 * matchUiLink('https://host/airflow/dags/etl/grid', [{ deployment: 'prod', uiUrl: 'https://host/airflow' }]);
 * // { deployment: 'prod', segments: ['dags', 'etl', 'grid'], query: URLSearchParams {} }
 */
export function matchUiLink(url: string, uiLinks: readonly UiLink[]): UiLinkMatch | undefined {
  const link = parseHttpUrl(url);
  if (!link) return undefined;
  let best: { deployment: string; basePath: string } | undefined;
  for (const { deployment, uiUrl } of uiLinks) {
    const base = parseHttpUrl(uiUrl);
    if (!base || base.host !== link.host) continue;
    const basePath = base.pathname.replace(/\/+$/, '');
    const under = link.pathname === basePath || link.pathname.startsWith(`${basePath}/`);
    if (under && (!best || basePath.length > best.basePath.length)) best = { deployment, basePath };
  }
  if (!best) return undefined;
  const segments = link.pathname.slice(best.basePath.length).split('/').filter((segment) => segment !== '');
  return { deployment: best.deployment, segments, query: link.searchParams };
}

/**
 * Reads an Airflow UI link to a task instance:
 * - Airflow 2: `…/dags/<dag_id>/grid?dag_run_id=<run_id>&task_id=<task_id>[&map_index=<n>]`
 * - Airflow 3: `…/dags/<dag_id>/runs/<run_id>/tasks/<task_id>[/mapped/<n>][/<tab>]`
 *
 * Returns `undefined` for a link outside every deployment's UI and for a link that does not name a
 * task instance (use `matchUiLink` to tell the two apart).
 *
 * @example
 * parseTaskInstanceLink('https://host/dags/etl/runs/manual__1/tasks/load/mapped/2', [
 *   { deployment: 'prod', uiUrl: 'https://host' },
 * ]);
 * // { deployment: 'prod', dagId: 'etl', run: { kind: 'id', runId: 'manual__1' }, taskId: 'load', mapIndex: 2 }
 */
export function parseTaskInstanceLink(text: string, uiLinks: readonly UiLink[]): TaskInstanceLink | undefined {
  const match = matchUiLink(text.trim(), uiLinks);
  if (!match) return undefined;
  const segments = decodeSegments(match.segments);
  if (!segments || segments[0] !== 'dags' || segments.length < 3) return undefined;
  const ids = segments[2] === 'grid' ? readGridLink(segments, match.query) : readRunTaskPath(segments);
  // An empty, `.` or `..` id (the query string of an Airflow 2 link keeps them) names no task instance.
  if (!ids || [ids.dagId, ids.runId, ids.taskId].some((id) => idProblem(id) !== undefined)) return undefined;
  return {
    deployment: match.deployment,
    dagId: ids.dagId,
    run: { kind: 'id', runId: ids.runId },
    taskId: ids.taskId,
    mapIndex: ids.mapIndex,
  };
}

/** What an Airflow UI link points to: a task instance, a DAG run, or a DAG. */
export type UiLinkTarget =
  | ({ kind: 'task_instance' } & Omit<TaskInstanceLink, 'run'> & { runId: string })
  | { kind: 'run'; deployment: string; dagId: string; runId: string }
  | { kind: 'dag'; deployment: string; dagId: string };

/**
 * Reads an Airflow UI link to a task instance (see {@link parseTaskInstanceLink}), a DAG run or a
 * DAG, in either dialect:
 * - a run: Airflow 2 `…/dags/<dag_id>/grid?dag_run_id=<run_id>`, Airflow 3 `…/dags/<dag_id>/runs/<run_id>[/<tab>]`;
 * - a DAG: `…/dags/<dag_id>` with at most one more word (`/grid`, `/graph`, `/runs`, `/code`…).
 *
 * Returns `undefined` for a link outside every deployment's UI (host and base path) and for any
 * other page of it.
 *
 * @example
 * parseUiLink('https://host/dags/etl/runs/manual__1', [{ deployment: 'prod', uiUrl: 'https://host' }]);
 * // { kind: 'run', deployment: 'prod', dagId: 'etl', runId: 'manual__1' }
 */
export function parseUiLink(text: string, uiLinks: readonly UiLink[]): UiLinkTarget | undefined {
  const ti = parseTaskInstanceLink(text, uiLinks);
  if (ti) return { kind: 'task_instance', deployment: ti.deployment, dagId: ti.dagId, runId: ti.run.runId, taskId: ti.taskId, mapIndex: ti.mapIndex };
  const match = matchUiLink(text.trim(), uiLinks);
  if (!match) return undefined;
  const segments = decodeSegments(match.segments);
  if (!segments || segments[0] !== 'dags' || segments.length < 2) return undefined;
  const [, dagId, page, runId, ...rest] = segments;
  if (idProblem(dagId) !== undefined) return undefined;
  const dag = { kind: 'dag', deployment: match.deployment, dagId } as const;
  if (page === undefined) return dag;
  if (page === 'runs' && runId !== undefined) {
    if (idProblem(runId) !== undefined || rest.length > 1 || (rest.length === 1 && !/^[a-z_]+$/.test(rest[0]))) return undefined;
    return { kind: 'run', deployment: match.deployment, dagId, runId };
  }
  if (runId !== undefined || !/^[a-z_]+$/.test(page)) return undefined;
  const gridRun = page === 'grid' ? match.query.get('dag_run_id') : null;
  if (gridRun !== null && match.query.get('task_id') === null) {
    return idProblem(gridRun) === undefined ? { kind: 'run', deployment: match.deployment, dagId, runId: gridRun } : undefined;
  }
  // A grid link naming a task it cannot be read as a task instance (no run): not a page of ours.
  if (match.query.get('task_id') !== null) return undefined;
  return dag;
}

interface LinkIds {
  dagId: string;
  runId: string;
  taskId: string;
  mapIndex: number;
}

/** Airflow 2: the grid view with the task instance in its query string. */
function readGridLink(segments: string[], query: URLSearchParams): LinkIds | undefined {
  if (segments.length !== 3) return undefined;
  const runId = query.get('dag_run_id');
  const taskId = query.get('task_id');
  const mapIndexText = query.get('map_index');
  const mapIndex = mapIndexText === null || mapIndexText === '-1' ? UNMAPPED : readMapIndex(mapIndexText);
  if (runId === null || taskId === null || mapIndex === undefined) return undefined;
  return { dagId: segments[1], runId, taskId, mapIndex };
}

/** Airflow 3: a path per run and task, with an optional map index and tab (`logs`, `xcom`…). */
function readRunTaskPath(segments: string[]): LinkIds | undefined {
  const [, dagId, runs, runId, tasks, taskId, ...rest] = segments;
  if (runs !== 'runs' || tasks !== 'tasks' || taskId === undefined) return undefined;
  let mapIndex = UNMAPPED;
  let tail = rest;
  if (tail[0] === 'mapped' && tail.length >= 2) {
    const index = readMapIndex(tail[1]);
    if (index === undefined) return undefined;
    mapIndex = index;
    tail = tail.slice(2);
  }
  if (tail.length > 1 || (tail.length === 1 && !/^[a-z_]+$/.test(tail[0]))) return undefined;
  return { dagId, runId, taskId, mapIndex };
}

function readMapIndex(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Percent-decodes path segments; a `+` in a path is a literal plus, unlike in a query string. */
function decodeSegments(segments: string[]): string[] | undefined {
  try {
    return segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

function parseHttpUrl(text: string): URL | undefined {
  if (!/^https?:\/\//i.test(text)) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
