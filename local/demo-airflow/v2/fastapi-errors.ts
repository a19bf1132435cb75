/**
 * Airflow 3's error bodies, as FastAPI writes them: `{detail: "…"}` for HTTP errors, and for
 * validation `422 {detail: [{type, loc, msg, input, ctx?}]}` with pydantic's type names.
 */
import type { z } from 'zod';
import { DemoApiError, type FieldProblem } from '../errors';
import type { DemoResponse } from '../http/types';

export function v2ErrorResponse(error: DemoApiError): DemoResponse {
  if (error.problems.length > 0) {
    return {
      status: error.status,
      json: {
        detail: error.problems.map((p) => ({
          type: p.type,
          loc: p.location,
          msg: p.message,
          input: p.input,
          ...(p.context ? { ctx: p.context } : {}),
        })),
      },
    };
  }
  const headers: Record<string, string> | undefined = error.status === 401 ? { 'www-authenticate': 'Bearer' } : undefined;
  return { status: error.status, json: { detail: error.detail }, ...(headers ? { headers } : {}) };
}

/** A 422 for the given problems. */
export function validationError(problems: FieldProblem[]): DemoApiError {
  return new DemoApiError(422, problems.map((p) => `${p.location.join('.')}: ${p.message}`).join('; '), problems);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

const TYPE_NAMES: Record<string, { type: string; msg: string }> = {
  boolean: { type: 'bool_parsing', msg: 'Input should be a valid boolean' },
  string: { type: 'string_type', msg: 'Input should be a valid string' },
  number: { type: 'float_parsing', msg: 'Input should be a valid number' },
  int: { type: 'int_parsing', msg: 'Input should be a valid integer' },
  array: { type: 'list_type', msg: 'Input should be a valid list' },
  object: { type: 'dict_type', msg: 'Input should be a valid dictionary' },
  record: { type: 'dict_type', msg: 'Input should be a valid dictionary' },
};

function problemsOf(issue: z.core.$ZodIssue, root: string, input: unknown): FieldProblem[] {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  const location = [root, ...path];
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        location: [...location, key],
        message: 'Extra inputs are not permitted',
        type: 'extra_forbidden',
        input: valueAt(value, [key]),
      }));
    case 'invalid_type': {
      if (value === undefined) {
        return [{ location, message: 'Field required', type: 'missing', input: valueAt(input, issue.path.slice(0, -1)) ?? null }];
      }
      const known = TYPE_NAMES[issue.expected] ?? { type: `${issue.expected}_type`, msg: `Input should be a valid ${issue.expected}` };
      return [{ location, message: known.msg, type: known.type, input: value }];
    }
    case 'invalid_value': {
      const expected = issue.values.map((v) => `'${String(v)}'`);
      const listed = expected.length > 1 ? `${expected.slice(0, -1).join(', ')} or ${expected.at(-1)}` : (expected[0] ?? '');
      return [{ location, message: `Input should be ${listed}`, type: 'enum', input: value, context: { expected: listed } }];
    }
    case 'too_big':
      return issue.origin === 'string'
        ? [
            {
              location,
              message: `String should have at most ${String(issue.maximum)} characters`,
              type: 'string_too_long',
              input: value,
              context: { max_length: Number(issue.maximum) },
            },
          ]
        : [{ location, message: `Input should be less than or equal to ${String(issue.maximum)}`, type: 'less_than_equal', input: value }];
    case 'too_small':
      if (issue.origin === 'array') {
        const actual = Array.isArray(value) ? value.length : 0;
        const minimum = Number(issue.minimum);
        return [
          {
            location,
            message: `List should have at least ${minimum} item${minimum === 1 ? '' : 's'} after validation, not ${actual}`,
            type: 'too_short',
            input: value,
            context: { field_type: 'List', min_length: minimum, actual_length: actual },
          },
        ];
      }
      return [
        {
          location,
          message: `Input should be greater than or equal to ${String(issue.minimum)}`,
          type: 'greater_than_equal',
          input: value,
          context: { ge: Number(issue.minimum) },
        },
      ];
    default:
      return [{ location, message: `Value error, ${issue.message}`, type: 'value_error', input: value ?? null }];
  }
}

/** Parses with a zod schema or throws FastAPI's 422 for every issue. */
export function parseOr422<T>(schema: z.ZodType<T>, input: unknown, root: 'body' | 'query'): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw validationError(parsed.error.issues.flatMap((issue) => problemsOf(issue, root, input)));
}
