/** What goes back over HTTP for a Lambda result. */
export interface HttpResponseParts {
  statusCode: number;
  /** In order; `set-cookie` may appear more than once. */
  headers: [string, string][];
  body: Buffer;
}

/**
 * Reads a Lambda result the way an HTTP API (payload format 2.0) does: a string is a 200 JSON
 * response with that body; an object without `statusCode` is itself the JSON body; otherwise
 * `statusCode`, `headers`, `cookies` (one `Set-Cookie` each), and `body`, decoded from base64 when
 * `isBase64Encoded`.
 *
 * @throws Error when the result cannot be a response (no result, a status outside 100–599, a
 * header that is not a scalar): API Gateway answers those with a 500.
 */
export function httpResponseFromLambdaResult(result: unknown): HttpResponseParts {
  if (typeof result === 'string') {
    return { statusCode: 200, headers: [['content-type', 'application/json']], body: Buffer.from(result) };
  }
  if (typeof result !== 'object' || result === null) {
    throw new Error(`The handler returned ${result === null ? 'null' : typeof result}, not a response.`);
  }
  if (!('statusCode' in result)) {
    return { statusCode: 200, headers: [['content-type', 'application/json']], body: Buffer.from(JSON.stringify(result)) };
  }
  const structured = result as Record<string, unknown>;
  const statusCode = structured.statusCode;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    throw new Error(`The handler returned the status code ${JSON.stringify(statusCode)}, not an HTTP status.`);
  }
  const headers: [string, string][] = [];
  if (structured.headers !== undefined) {
    if (typeof structured.headers !== 'object' || structured.headers === null) {
      throw new Error('The handler returned headers that are not an object.');
    }
    for (const [name, value] of Object.entries(structured.headers)) {
      if (!['string', 'number', 'boolean'].includes(typeof value)) {
        throw new Error(`The handler returned the header ${name} with a value that is not a string, number or boolean.`);
      }
      headers.push([name.toLowerCase(), String(value)]);
    }
  }
  if (Array.isArray(structured.cookies)) {
    for (const cookie of structured.cookies) headers.push(['set-cookie', String(cookie)]);
  }
  const rawBody = structured.body;
  if (rawBody !== undefined && typeof rawBody !== 'string') {
    throw new Error('The handler returned a body that is not a string.');
  }
  const body = Buffer.from(rawBody ?? '', structured.isBase64Encoded === true ? 'base64' : 'utf8');
  return { statusCode, headers, body };
}
