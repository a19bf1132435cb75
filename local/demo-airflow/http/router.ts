/**
 * A tiny router: OpenAPI-style patterns (`/dags/{dag_id}/dagRuns`), first match wins, so specific
 * routes are registered before general ones. Parameters named like Airflow's integer path
 * parameters only match integers, which keeps `/{task_id}/{map_index}` apart from `/{task_id}/links`.
 */
import type { RouteHandler } from './types';

const INTEGER_PARAMS: ReadonlySet<string> = new Set(['map_index', 'task_try_number', 'try_number']);

/** A registered route, as tests enumerate them. */
export interface RouteInfo {
  method: string;
  /** The OpenAPI path template, e.g. `/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}`. */
  pattern: string;
}

interface Route extends RouteInfo {
  segments: string[];
  handler: RouteHandler;
}

export type RouteMatch =
  | { kind: 'found'; handler: RouteHandler; params: Record<string, string> }
  | { kind: 'wrong_method' }
  | { kind: 'none' };

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method: method.toUpperCase(), pattern, segments: pattern.split('/').slice(1), handler });
    return this;
  }

  /** Every route, in registration order. */
  list(): RouteInfo[] {
    return this.routes.map(({ method, pattern }) => ({ method, pattern }));
  }

  match(method: string, path: string): RouteMatch {
    const segments = decodeSegments(path);
    if (!segments) return { kind: 'none' };
    let pathKnown = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method.toUpperCase()) return { kind: 'found', handler: route.handler, params };
      pathKnown = true;
    }
    return pathKnown ? { kind: 'wrong_method' } : { kind: 'none' };
  }
}

function decodeSegments(path: string): string[] | undefined {
  try {
    return path.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const expected = pattern[i] ?? '';
    const value = actual[i] ?? '';
    const name = /^\{(\w+)\}$/.exec(expected)?.[1];
    if (name === undefined) {
      if (expected !== value) return undefined;
      continue;
    }
    if (value === '') return undefined;
    if (INTEGER_PARAMS.has(name) && !/^-?\d+$/.test(value)) return undefined;
    params[name] = value;
  }
  return params;
}
