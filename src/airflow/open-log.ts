import type { AirflowHttp } from './airflow-http';
import type { AirflowRequest } from './http-transport';
import type { LogPage, OpenedLog } from './model';

/**
 * Asks for a whole log (`full_content=true`) in the streamed media type the API declares for the
 * log route, and tells by the answer's `Content-Type` whether the server honoured it. A JSON answer
 * means the server ignored `Accept`: its body is dropped unread (with `full_content` it could be
 * the whole log in one string) and the log is read in pages instead, through `page`.
 */
export async function openLog(
  http: AirflowHttp,
  request: AirflowRequest,
  accept: 'text/plain' | 'application/x-ndjson',
  page: (continuationToken?: string) => Promise<LogPage>,
): Promise<OpenedLog> {
  const response = await http.stream(request, accept);
  if (response.mediaType === accept) return { format: accept === 'text/plain' ? 'text' : 'ndjson', body: response.body };
  await response.body.cancel().catch(() => undefined);
  return { format: 'json-pages', page };
}
