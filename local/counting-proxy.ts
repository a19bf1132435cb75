/**
 * A loopback HTTP proxy in front of an Airflow (a demo Airflow, or a stand-in) that records every
 * request it forwards, and can play an Airflow that is down: the watcher's tests and bench count
 * what the bot asks through it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  /** The JSON body, when there is one. */
  body?: unknown;
}

export interface CountingProxy {
  /** Base URL without a trailing slash, in place of the target's. */
  url: string;
  /** Every request received, in order (those answered while down included). */
  readonly requests: ProxiedRequest[];
  /** The requests to batch list routes (`…/list`): what the watcher asks every tick. */
  listRequests(): ProxiedRequest[];
  /** While down, every request is answered 503 without reaching the target. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

/**
 * @example
 * const proxy = await startCountingProxy(airflow.url);
 * // point the deployment's apiUrl at proxy.url, then: proxy.listRequests().length
 */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const requests: ProxiedRequest[] = [];
  let down = false;
  const server: Server = createServer((request, response) => {
    void readBody(request).then(async (raw) => {
      const path = request.url ?? '/';
      const text = raw.toString('utf8');
      requests.push({ method: request.method ?? 'GET', path, ...(text === '' ? {} : { body: parseJson(text) }) });
      if (down) {
        response.writeHead(503, { 'content-type': 'text/html' }).end('<html><body>503 Service Unavailable</body></html>');
        return;
      }
      try {
        const headers = Object.fromEntries(
          Object.entries(request.headers).filter(([name, value]) => typeof value === 'string' && name !== 'host' && name !== 'content-length'),
        ) as Record<string, string>;
        const answer = await fetch(`${target}${path}`, {
          method: request.method ?? 'GET',
          headers,
          ...(raw.length === 0 ? {} : { body: new Uint8Array(raw) }),
        });
        const body = Buffer.from(await answer.arrayBuffer());
        response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(body);
      } catch {
        response.writeHead(502).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    listRequests: () => requests.filter((request) => request.method === 'POST' && /\/list(\?|$)/.test(request.path)),
    setDown: (value) => {
      down = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
