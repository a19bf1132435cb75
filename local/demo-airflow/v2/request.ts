/** Reading v2 query parameters and bodies, with FastAPI's 422 for anything malformed. */
import type { z } from 'zod';
import { parseIsoDate } from '../dates';
import { queryList } from '../http/respond';
import type { DemoRequest } from '../http/types';
import type { Range } from '../queries';
import { parseOr422, validationError } from './fastapi-errors';

export function v2Body<T>(request: DemoRequest, schema: z.ZodType<T>): T {
  if (request.bodyError !== undefined) {
    throw validationError([
      { location: ['body', 0], message: 'JSON decode error', type: 'json_invalid', input: {}, context: { error: request.bodyError } },
    ]);
  }
  if (request.body === undefined) {
    throw validationError([{ location: ['body'], message: 'Field required', type: 'missing', input: null }]);
  }
  return parseOr422(schema, request.body, 'body');
}

function integerOr422(text: string, name: string, minimum: number): number {
  if (!/^-?\d+$/.test(text)) {
    throw validationError([
      { location: ['query', name], message: 'Input should be a valid integer, unable to parse string as an integer', type: 'int_parsing', input: text },
    ]);
  }
  const value = Number(text);
  if (value < minimum) {
    throw validationError([
      { location: ['query', name], message: `Input should be greater than or equal to ${minimum}`, type: 'greater_than_equal', input: text, context: { ge: minimum } },
    ]);
  }
  return value;
}

export function v2Integer(request: DemoRequest, name: string, fallback: number, minimum = 0): number {
  const text = request.query.get(name);
  return text === null ? fallback : integerOr422(text, name, minimum);
}

/** An optional integer query parameter: `undefined` when absent. */
export function v2OptionalInteger(request: DemoRequest, name: string): number | undefined {
  const text = request.query.get(name);
  return text === null || text === '' ? undefined : integerOr422(text, name, Number.MIN_SAFE_INTEGER);
}

const TRUE_TEXTS: ReadonlySet<string> = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_TEXTS: ReadonlySet<string> = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/** An optional boolean query parameter, read as pydantic reads one (`true`, `1`, `yes`, `off`…). */
export function v2OptionalBoolean(request: DemoRequest, name: string): boolean | undefined {
  const text = request.query.get(name);
  if (text === null) return undefined;
  const lower = text.toLowerCase();
  if (TRUE_TEXTS.has(lower)) return true;
  if (FALSE_TEXTS.has(lower)) return false;
  throw validationError([
    { location: ['query', name], message: 'Input should be a valid boolean, unable to interpret input', type: 'bool_parsing', input: text },
  ]);
}

/** The token of an `Authorization: Bearer …` header, or `undefined`. */
export function bearerToken(request: DemoRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
}

export function v2IntegerList(request: DemoRequest, name: string): number[] | undefined {
  return queryList(request.query, name)?.map((text) => integerOr422(text, name, Number.MIN_SAFE_INTEGER));
}

function dateOr422(text: string | null | undefined, location: string[]): number | undefined {
  if (text === null || text === undefined) return undefined;
  const value = parseIsoDate(text);
  if (value === undefined) {
    throw validationError([
      { location, message: 'Input should be a valid datetime or date, invalid character in year', type: 'datetime_from_date_parsing', input: text },
    ]);
  }
  return value;
}

const BOUNDS = ['gte', 'gt', 'lte', 'lt'] as const;

/** `{name}_gte|_gt|_lte|_lt` from the query string. */
export function v2QueryRange(request: DemoRequest, name: string): Range {
  return Object.fromEntries(
    BOUNDS.map((bound) => [bound, dateOr422(request.query.get(`${name}_${bound}`), ['query', `${name}_${bound}`])]),
  ) as Range;
}

/** The same bounds from a batch body. */
export function v2BodyRange(body: Record<string, unknown>, name: string): Range {
  return Object.fromEntries(
    BOUNDS.map((bound) => {
      const value = body[`${name}_${bound}`];
      return [bound, dateOr422(typeof value === 'string' ? value : undefined, ['body', `${name}_${bound}`])];
    }),
  ) as Range;
}

export function v2NumberRange(request: DemoRequest, name: string): Range {
  return Object.fromEntries(
    BOUNDS.map((bound) => {
      const text = request.query.get(`${name}_${bound}`);
      if (text === null) return [bound, undefined];
      const value = Number(text);
      if (text.trim() === '' || Number.isNaN(value)) {
        throw validationError([
          { location: ['query', `${name}_${bound}`], message: 'Input should be a valid number, unable to parse string as a number', type: 'float_parsing', input: text },
        ]);
      }
      return [bound, value];
    }),
  ) as Range;
}
