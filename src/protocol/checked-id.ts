import { z } from 'zod';
import { idProblem } from '../airflow/api-path';

/**
 * `schema` with the bot's one id check ({@link idProblem}) added: a zod issue saying what is wrong
 * with the id, at the field's path, so the answer names the field.
 *
 * @example
 * checkedId(z.string().max(250)).safeParse('%2e%2e').error?.issues[0]?.message
 * // 'must not be empty, `.` or `..` (percent-encoded or not)'
 */
export function checkedId(schema: z.ZodString): z.ZodString {
  return schema.refine((id) => idProblem(id) === undefined, {
    error: (issue) => idProblem(String(issue.input)) ?? 'is not an id',
  });
}
