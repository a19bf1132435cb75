import type { DemoResponse } from './types';

export function json(body: unknown, status = 200): DemoResponse {
  return { status, json: body };
}

/** Splits repeated and comma-separated query values: `state=a&state=b,c` → `[a, b, c]`. */
export function queryList(query: URLSearchParams, name: string): string[] | undefined {
  const values = query.getAll(name).flatMap((v) => v.split(',')).filter((v) => v !== '');
  return values.length === 0 ? undefined : values;
}
