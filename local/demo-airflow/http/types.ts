import type { IncomingHttpHeaders } from 'node:http';

/** A request as route handlers see it: path parameters decoded, body read and parsed. */
export interface DemoRequest {
  method: string;
  /** The path without the query string, still percent-encoded. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The parsed body: JSON, or an object of fields for a form; `undefined` when there is none. */
  body: unknown;
  /** Set when the body could not be parsed, with the parser's reason. */
  bodyError?: string;
}

/** What a handler answers. `json` is serialized; `text` is sent as it is. */
export interface DemoResponse {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export type RouteHandler = (request: DemoRequest) => DemoResponse | Promise<DemoResponse>;
