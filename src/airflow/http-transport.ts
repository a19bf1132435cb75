import type { KyInstance } from 'ky';
import type { Logger } from '../logging/logger';
import type { BotMetrics } from '../metrics/bot-metrics';
import { payloadError, requestError, type RequestDescription, type StatusMessages } from './airflow-errors';

/** One call to Airflow, before credentials are added. */
export interface AirflowRequest {
  method: 'GET' | 'POST' | 'PATCH';
  /** Relative to the deployment's API URL, built with `apiPath`: `api/v2/dags/…`, `auth/token`. */
  path: string;
  searchParams?: URLSearchParams;
  /** Sent as the JSON body. */
  json?: unknown;
  /** What the call is about, for error messages: `task instance etl / scheduled__… / load`. */
  subject: string;
  /** This route's own wording of some refusals, in place of the generic one (see `StatusMessages`). */
  refusals?: StatusMessages;
}

/** A response whose body is read as it arrives (a task log). */
export interface StreamedResponse {
  /** The media type without parameters, lower case: `text/plain`, `application/x-ndjson`, `application/json`. */
  mediaType: string;
  body: ReadableStream<Uint8Array>;
}

/** Sends requests to one deployment and hands back parsed JSON; every failure is a `BotError`. */
export interface HttpTransport {
  send(request: AirflowRequest, headers?: Record<string, string>): Promise<unknown>;
  /** A GET whose body is left to the caller to read, asking for `accept`. */
  stream(request: AirflowRequest, accept: string, headers?: Record<string, string>): Promise<StreamedResponse>;
}

export interface HttpTransportOptions {
  deploymentName: string;
  apiUrl: string;
  api: KyInstance;
  timeoutMs: number;
  logger?: Logger;
  /** Counts the failures that are Airflow's or the bot's (not `not_found` or `conflict`, which are answers). */
  metrics?: Pick<BotMetrics, 'airflowError'>;
}

/**
 * The HTTP boundary: ky errors, HTML pages from proxies, empty and cut-short bodies all become
 * `BotError`s here, so nothing above ever sees a JSON parse error or a stack trace.
 */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const base = options.apiUrl.replace(/\/+$/, '');
  const describe = (request: AirflowRequest): RequestDescription => {
    const query = request.searchParams?.toString();
    return {
      deploymentName: options.deploymentName,
      subject: request.subject,
      method: request.method,
      url: `${base}/${request.path}${query ? `?${query}` : ''}`,
      timeoutMs: options.timeoutMs,
      ...(request.refusals === undefined ? {} : { refusals: request.refusals }),
    };
  };
  const failed = (description: RequestDescription, error: unknown) => {
    const failure = requestError(description, error);
    // A missing task instance is the user's business; an Airflow that is down is the operator's.
    const serverSide = failure.kind === 'unavailable' || failure.kind === 'timeout';
    options.logger?.[serverSide ? 'warn' : 'info']({ kind: failure.kind, ...failure.details }, 'Airflow request failed');
    if (failure.kind !== 'not_found' && failure.kind !== 'conflict') options.metrics?.airflowError(options.deploymentName);
    return failure;
  };
  return {
    async stream(request, accept, headers) {
      const description = describe(request);
      let response: Response;
      try {
        response = await options.api(request.path, { method: request.method, searchParams: request.searchParams, headers: { ...headers, accept } });
      } catch (error) {
        throw failed(description, error);
      }
      const mediaType = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (!response.body) throw failed(description, payloadError(description, 'is empty'));
      if (mediaType !== accept && mediaType !== 'application/json') {
        await response.body.cancel().catch(() => undefined);
        throw failed(description, payloadError(description, `came as ${mediaType || 'an unnamed media type'}, not ${accept} or JSON`));
      }
      return { mediaType, body: response.body };
    },

    async send(request, headers) {
      const description = describe(request);
      let text: string;
      try {
        text = await options.api(request.path, {
          method: request.method,
          searchParams: request.searchParams,
          json: request.json,
          // ky drops the instance's `Accept` and `User-Agent` when given `headers: undefined`.
          headers: headers ?? {},
        }).text();
      } catch (error) {
        throw failed(description, error);
      }
      try {
        return parseJsonBody(description, text);
      } catch (error) {
        throw failed(description, error);
      }
    },
  };
}

function parseJsonBody(request: RequestDescription, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') throw payloadError(request, 'is empty');
  if (trimmed.startsWith('<')) {
    throw payloadError(request, 'is an HTML page, not JSON (a proxy or login page in front of Airflow?)');
  }
  try {
    return JSON.parse(trimmed);
  } catch (error) {
    throw payloadError(request, 'is not valid JSON (cut short or garbled)', error);
  }
}
