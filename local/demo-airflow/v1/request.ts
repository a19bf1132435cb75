/**
 * Reading v1 requests the way Airflow 2 does: bodies checked against the schema (unknown fields
 * refused, as marshmallow does), and any fault answered with a 400 problem naming the field.
 */
import type { z } from 'zod';
import { parseIsoDate } from '../dates';
import { DemoApiError } from '../errors';
import type { DemoRequest } from '../http/types';
import type { Range } from '../queries';

function issueText(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') return `{${issue.keys.map((k) => `'${k}': ['Unknown field.']`).join(', ')}}`;
  return where ? `${issue.message} - '${where}'` : issue.message;
}

export function v1Body<T>(request: DemoRequest, schema: z.ZodType<T>): T {
  if (request.bodyError !== undefined || request.body === undefined) {
    throw new DemoApiError(400, 'Request body must be a JSON object');
  }
  const parsed = schema.safeParse(request.body);
  if (!parsed.success) throw new DemoApiError(400, parsed.error.issues.map(issueText).join('; '));
  return parsed.data;
}

export function v1Integer(request: DemoRequest, name: string, fallback: number, minimum = 0): number {
  const text = request.query.get(name);
  if (text === null) return fallback;
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || value < minimum) {
    throw new DemoApiError(400, `'${text}' is not a valid value for '${name}' (an integer of at least ${minimum})`);
  }
  return value;
}

export function v1Date(request: DemoRequest, name: string): number | undefined {
  const text = request.query.get(name);
  if (text === null) return undefined;
  const value = parseIsoDate(text);
  if (value === undefined) throw new DemoApiError(400, `'${text}' is not a 'date-time' - '${name}'`);
  return value;
}

/** `{name}_gte` / `{name}_lte`, the v1 range filters. */
export function v1Range(request: DemoRequest, name: string): Range {
  return { gte: v1Date(request, `${name}_gte`), lte: v1Date(request, `${name}_lte`) };
}

export function v1NumberRange(request: DemoRequest, name: string): Range {
  const read = (suffix: string): number | undefined => {
    const text = request.query.get(`${name}_${suffix}`);
    if (text === null) return undefined;
    const value = Number(text);
    if (text.trim() === '' || Number.isNaN(value)) throw new DemoApiError(400, `'${text}' is not a number - '${name}_${suffix}'`);
    return value;
  };
  return { gte: read('gte'), lte: read('lte') };
}
