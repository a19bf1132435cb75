import type { z } from 'zod';
import { fieldPath } from '../config/zod-issues';
import { errorResponse, type WebhookResponse } from './webhook-response';

/**
 * The 400 for a payload that does not match its schema, naming the first field at fault. Zod's
 * messages are used as the schema wrote them, so schemas should say what is expected
 * (`{ error: 'must be a whole number from -1 up' }`).
 *
 * @example
 * const parsed = schema.safeParse(payload);
 * if (!parsed.success) return invalidPayloadResponse(parsed.error);
 * // body: {"error":{"code":"invalid","message":"map_index: must be a whole number from -1 up","field":"map_index"}}
 */
export function invalidPayloadResponse(error: z.ZodError): WebhookResponse {
  const issue = error.issues[0];
  if (issue === undefined) return errorResponse(400, 'invalid', 'The payload does not match the schema.');
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  // An unknown field is named itself, not its parent object.
  const path = keys.length > 0 ? [...issue.path, keys[0] ?? ''] : issue.path;
  const field = fieldPath(path);
  const message = keys.length > 0 ? 'is not a known field' : issue.message;
  return errorResponse(400, 'invalid', field === '' ? message : `${field}: ${message}`, field === '' ? undefined : field);
}
