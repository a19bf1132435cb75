import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** The kinds of error a webhook caller can get, as in the bot's errors (see `src/errors.ts`). */
export type WebhookErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'unavailable'
  | 'timeout'
  | 'internal';

/** The body of every refusal and failure: `{ "error": { "code", "message", "field"? } }`. */
export interface WebhookErrorBody {
  error: {
    code: WebhookErrorCode;
    /** One sentence for the caller's logs; never a stack trace or a secret. */
    message: string;
    /** The payload field at fault, as a path: `task_id`, `map_index`, `note`. */
    field?: string;
  };
}

/** An HTTP API (payload 2.0) response. */
export type WebhookResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; body: string };

/**
 * A JSON response.
 *
 * @example
 * jsonResponse(200, { ok: true }); // { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' }
 */
export function jsonResponse(statusCode: number, body: unknown): WebhookResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

/**
 * A JSON error response.
 *
 * @example
 * errorResponse(400, 'invalid', 'map_index must be a whole number from -1 up.', 'map_index');
 * // body: {"error":{"code":"invalid","message":"map_index must be a whole number from -1 up.","field":"map_index"}}
 */
export function errorResponse(statusCode: number, code: WebhookErrorCode, message: string, field?: string): WebhookResponse {
  const body: WebhookErrorBody = { error: { code, message, ...(field === undefined ? {} : { field }) } };
  return jsonResponse(statusCode, body);
}
