import type { z } from 'zod';

/**
 * The error option for a zod field: "is required" when the field is absent, `rule` otherwise. Zod's
 * own wording ("Invalid input: expected string, received undefined") is not meant for operators.
 */
export function requiredOr(rule: string): (issue: { input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? 'is required' : rule);
}

/** `['readers', 'users', 0]` → `readers.users[0]`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** One line per zod issue, naming the field: `auth: must be one of basic, password, bearer`. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const where = fieldPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    const what = `unknown field${issue.keys.length === 1 ? '' : 's'} ${keys}`;
    return where === '' ? what : `${where}: ${what}`;
  }
  return where === '' ? issue.message : `${where}: ${issue.message}`;
}
