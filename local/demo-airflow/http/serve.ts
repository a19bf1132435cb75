/**
 * Runs one dialect on a Node HTTP server: match the route, check the caller, call the handler,
 * and turn any `DemoApiError` into the dialect's error body. Anything else thrown is a bug in the
 * demo and answers 500.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DialectServer } from '../context';
import { DemoApiError } from '../errors';
import { parseBody, readBodyText } from './read-request';
import type { DemoRequest, DemoResponse } from './types';

export interface ServeOptions {
  /** Added before every answer, to imitate a slow server. */
  latencyMs: number;
}

async function answer(dialect: DialectServer, incoming: IncomingMessage): Promise<DemoResponse> {
  const url = new URL(incoming.url ?? '/', 'http://demo.invalid');
  const method = (incoming.method ?? 'GET').toUpperCase();
  const match = dialect.router.match(method, url.pathname);
  const text = await readBodyText(incoming);
  if (match.kind !== 'found') return dialect.noRoute(url.pathname, match.kind);
  const { body, bodyError } = parseBody(text, incoming.headers['content-type']);
  const request: DemoRequest = {
    method,
    path: url.pathname,
    params: match.params,
    query: url.searchParams,
    headers: incoming.headers,
    body,
    ...(bodyError === undefined ? {} : { bodyError }),
  };
  try {
    const refused = dialect.authenticate(request);
    if (refused) return dialect.errorResponse(refused);
    return await match.handler(request);
  } catch (error) {
    if (error instanceof DemoApiError) return dialect.errorResponse(error);
    throw error;
  }
}

function send(response: ServerResponse, result: DemoResponse): void {
  const headers: Record<string, string> = { ...result.headers };
  let payload = '';
  if (result.json !== undefined) {
    headers['content-type'] = result.contentType ?? 'application/json';
    payload = JSON.stringify(result.json);
  } else if (result.text !== undefined) {
    headers['content-type'] = result.contentType ?? 'text/plain; charset=utf-8';
    payload = result.text;
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  response.writeHead(result.status, headers);
  response.end(payload);
}

/** The request listener for `http.createServer`. */
export function requestListener(dialect: DialectServer, options: ServeOptions) {
  return (incoming: IncomingMessage, response: ServerResponse): void => {
    const delay = options.latencyMs > 0 ? new Promise((resolve) => setTimeout(resolve, options.latencyMs)) : Promise.resolve();
    delay
      .then(() => answer(dialect, incoming))
      .then((result) => send(response, result))
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        send(response, { status: 500, json: { detail: `Demo Airflow error: ${message}` } });
      });
  };
}
