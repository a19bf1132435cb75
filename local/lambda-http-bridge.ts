import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { systemClock, type Clock } from '../src/clock';
import { apiGatewayEventV2, newApiGatewayRequestId } from './api-gateway-event';
import { createLambdaContext } from './lambda-context';
import { httpResponseFromLambdaResult, type HttpResponseParts } from './lambda-http-response';
import { matchRoute } from './match-route';
import { readRequestBody } from './read-request-body';

/** A Lambda function behind an HTTP API route (payload format 2.0). */
export type HttpLambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

export interface LambdaHttpBridgeOptions {
  /** 127.0.0.1 by default: the bridge is for this machine only. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Route key (`POST /slack/events`, `GET /runs/{id}`, `ANY /{proxy+}`, `$default`) → handler. */
  routes: Record<string, HttpLambdaHandler>;
  /** The functions' timeout, for `context.getRemainingTimeInMillis()`; 30 s by default. */
  timeoutMs?: number;
  /** Where handler failures are reported; stderr by default. */
  errorOutput?: { write(text: string): unknown };
  clock?: Clock;
}

export interface LambdaHttpBridge {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const NOT_FOUND = JSON.stringify({ message: 'Not Found' });
const INTERNAL_ERROR = JSON.stringify({ message: 'Internal Server Error' });

/**
 * An HTTP server that stands in for API Gateway: each request becomes the payload 2.0 event an
 * HTTP API would send, goes to the route's handler with a Lambda context, and the handler's
 * result is written back as API Gateway would write it. No route → 404 `{"message":"Not Found"}`;
 * a handler that throws or returns something unusable → 500 `{"message":"Internal Server Error"}`,
 * with the error (never the request body, which holds user data) written to `errorOutput`.
 *
 * @example
 * const bridge = await startLambdaHttpBridge({ port: 3000, routes: { 'POST /slack/events': handler } });
 * // … later
 * await bridge.close();
 */
export async function startLambdaHttpBridge(options: LambdaHttpBridgeOptions): Promise<LambdaHttpBridge> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? systemClock;
  const errorOutput = options.errorOutput ?? process.stderr;
  const routeKeys = Object.keys(options.routes);

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const timeEpoch = clock();
    const requestId = newApiGatewayRequestId();
    const [rawPath = '/', rawQueryString = ''] = splitOnce(request.url ?? '/', '?');
    const method = request.method ?? 'GET';
    const body = await readRequestBody(request);
    const route = matchRoute(routeKeys, method, rawPath);
    const handler = route === undefined ? undefined : options.routes[route.routeKey];
    if (route === undefined || handler === undefined) {
      writeResponse(response, jsonResponse(404, NOT_FOUND), requestId);
      return;
    }
    const event = apiGatewayEventV2({
      method,
      rawPath,
      rawQueryString,
      headers: headerPairs(request.rawHeaders),
      body,
      routeKey: route.routeKey,
      pathParameters: route.pathParameters,
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      protocol: `HTTP/${request.httpVersion}`,
      timeEpoch,
      requestId,
    });
    const context = createLambdaContext({
      functionName: functionNameFor(route.routeKey),
      timeoutMs: options.timeoutMs,
      clock,
    });
    let parts: HttpResponseParts;
    try {
      parts = httpResponseFromLambdaResult(await handler(event, context));
    } catch (error) {
      errorOutput.write(describeFailure(route.routeKey, requestId, error));
      parts = jsonResponse(500, INTERNAL_ERROR);
    }
    writeResponse(response, parts, requestId);
  }

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      errorOutput.write(describeFailure(`${request.method} ${request.url}`, '-', error));
      if (!response.headersSent) writeResponse(response, jsonResponse(500, INTERNAL_ERROR), '-');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function jsonResponse(statusCode: number, body: string): HttpResponseParts {
  return { statusCode, headers: [['content-type', 'application/json']], body: Buffer.from(body) };
}

function writeResponse(response: ServerResponse, parts: HttpResponseParts, requestId: string): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of parts.headers) {
    const previous = headers[name];
    headers[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  headers['content-length'] = String(parts.body.length);
  headers['apigw-requestid'] = requestId;
  response.writeHead(parts.statusCode, headers);
  response.end(parts.body);
}

/** Node keeps the received header lines as a flat [name, value, name, value, …] list. */
function headerPairs(rawHeaders: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  return pairs;
}

function splitOnce(text: string, separator: string): [string, string] {
  const index = text.indexOf(separator);
  return index === -1 ? [text, ''] : [text.slice(0, index), text.slice(index + 1)];
}

/** `POST /slack/events` → `local-post-slack-events`. */
function functionNameFor(routeKey: string): string {
  const words = routeKey.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `local-${words || 'default'}`.slice(0, 64);
}

function describeFailure(route: string, requestId: string, error: unknown): string {
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return `[lambda-http-bridge] ${route} (request ${requestId}) failed: ${detail}\n`;
}
