import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** An HTTP request as it reached API Gateway. */
export interface HttpRequestParts {
  method: string;
  /** The path without the query string, as sent (not decoded). */
  rawPath: string;
  /** What follows `?`, without it; empty when there is none. */
  rawQueryString: string;
  /** Header names and values in the order received; a repeated header appears once per line. */
  headers: ReadonlyArray<readonly [string, string]>;
  body: Buffer;
  /** The route that matched, such as `POST /slack/events`. */
  routeKey: string;
  pathParameters?: Record<string, string>;
  sourceIp?: string;
  protocol?: string;
  /** When API Gateway received it, in milliseconds since the epoch. */
  timeEpoch: number;
  requestId?: string;
}

/**
 * Turns a request into the event an HTTP API (payload format 2.0) hands to Lambda:
 * header names lower-cased and repeated headers joined with commas, the `Cookie` header moved to
 * `cookies`, the query parsed into `queryStringParameters` (repeated keys comma-joined), and the
 * body kept as text for text types but base64-encoded (`isBase64Encoded: true`) otherwise,
 * which includes Slack's `application/x-www-form-urlencoded`. Empty parts are left out, as
 * API Gateway does.
 *
 * @example
 * apiGatewayEventV2({ method: 'POST', rawPath: '/slack/events', rawQueryString: '', headers: [['Content-Type', 'application/json']],
 *   body: Buffer.from('{}'), routeKey: 'POST /slack/events', timeEpoch: Date.now() })
 */
export function apiGatewayEventV2(request: HttpRequestParts): APIGatewayProxyEventV2 {
  const headers = joinHeaders(request.headers);
  const cookies = headers.cookie === undefined ? [] : splitCookies(headers.cookie);
  delete headers.cookie;
  const host = headers.host ?? 'localhost';
  const domainName = host.replace(/:\d+$/, '');
  const sourceIp = request.sourceIp ?? '127.0.0.1';
  headers['x-forwarded-for'] ??= sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  const port = /:(\d+)$/.exec(host)?.[1];
  if (port !== undefined) headers['x-forwarded-port'] ??= port;

  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: request.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method.toUpperCase(),
        path: request.rawPath,
        protocol: request.protocol ?? 'HTTP/1.1',
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId ?? newApiGatewayRequestId(),
      routeKey: request.routeKey,
      stage: '$default',
      time: formatRequestTime(request.timeEpoch),
      timeEpoch: request.timeEpoch,
    },
    isBase64Encoded: false,
  };
  if (cookies.length > 0) event.cookies = cookies;
  const query = parseQuery(request.rawQueryString);
  if (query !== undefined) event.queryStringParameters = query;
  if (request.pathParameters !== undefined && Object.keys(request.pathParameters).length > 0) {
    event.pathParameters = request.pathParameters;
  }
  if (request.body.length > 0) {
    const isText = isTextContentType(headers['content-type']);
    event.body = request.body.toString(isText ? 'utf8' : 'base64');
    event.isBase64Encoded = !isText;
  }
  return event;
}

/**
 * Whether API Gateway passes a body of this type as text. Everything else (forms, binary,
 * a missing type) arrives base64-encoded.
 */
export function isTextContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/xml' ||
    type.endsWith('+xml') ||
    type === 'application/javascript'
  );
}

/** API Gateway's request ids are short base64 strings such as `JKJaXmPLvHcESHA=`. */
export function newApiGatewayRequestId(): string {
  return randomBytes(10).toString('base64');
}

function joinHeaders(lines: ReadonlyArray<readonly [string, string]>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of lines) {
    const key = name.toLowerCase();
    const previous = headers[key];
    headers[key] = previous === undefined ? value : `${previous},${value}`;
  }
  return headers;
}

function splitCookies(header: string): string[] {
  return header
    .split(/[;,]/)
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie.length > 0);
}

function parseQuery(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    const previous = parameters[key];
    parameters[key] = previous === undefined ? value : `${previous},${value}`;
  }
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the CLF-style time of `requestContext.time`. */
function formatRequestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  );
}
