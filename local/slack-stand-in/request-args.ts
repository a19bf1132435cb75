/** Form fields that Slack's Web API reads as JSON (the SDK sends objects form-encoded as JSON text). */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'unfurls']);

/**
 * The arguments of a Web API call, as Slack reads them: from the query string and the body, which
 * is JSON or a form. In a form, structured arguments arrive as JSON text and are parsed.
 *
 * @throws SyntaxError when a JSON body is not JSON.
 */
export function webApiArgs(contentType: string | undefined, rawBody: string, query: URLSearchParams): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, value] of query) args[key] = value;
  if (rawBody.length === 0) return args;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    const json: unknown = JSON.parse(rawBody);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new SyntaxError('The JSON body is not an object.');
    return { ...args, ...json };
  }
  for (const [key, value] of new URLSearchParams(rawBody)) {
    args[key] = JSON_FIELDS.has(key) ? parseJsonText(value) : value;
  }
  return args;
}

function parseJsonText(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
