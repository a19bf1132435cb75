import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpTransport } from '../../src/airflow/http-transport';
import { createKyInstance } from '../../src/airflow/ky-instance';
import { DEFAULT_USER_AGENT } from '../../src/airflow/user-agent';
import { recordingMetrics } from '../helpers/recording-metrics';

/** Answers each path as `answers` says: a status and a body. */
async function startServer(answers: Record<string, { status: number; body: string; contentType?: string }>) {
  const server = http.createServer((request, response) => {
    const answer = answers[new URL(request.url ?? '/', 'http://localhost').pathname] ?? { status: 404, body: '{"detail":"nope"}' };
    response.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('Airflow errors per deployment', () => {
  it('counts a failed request once, after its retries, and never a not-found or a conflict', async () => {
    const server = await startServer({
      '/down': { status: 503, body: '{"detail":"maintenance"}' },
      '/login': { status: 200, body: '<html>sign in</html>', contentType: 'text/html' },
      '/missing': { status: 404, body: '{"detail":"no such task"}' },
      '/taken': { status: 409, body: '{"detail":"already"}' },
      '/fine': { status: 200, body: '{"ok":true}' },
    });
    const metrics = recordingMetrics();
    const api = createKyInstance({ apiUrl: server.url, fetch, timeoutMs: 2_000, retry: { limit: 2, backoffMs: 1 }, userAgent: DEFAULT_USER_AGENT });
    const transport = createHttpTransport({ deploymentName: 'prod-eu', apiUrl: server.url, api, timeoutMs: 2_000, metrics });
    const send = (path: string) => transport.send({ method: 'GET', path, subject: path }).catch(() => 'failed');

    try {
      expect(await Promise.all(['down', 'login', 'missing', 'taken', 'fine'].map(send))).toEqual(['failed', 'failed', 'failed', 'failed', { ok: true }]);
    } finally {
      await server.close();
    }

    expect(metrics.calls).toEqual([
      { method: 'airflowError', args: ['prod-eu'] },
      { method: 'airflowError', args: ['prod-eu'] },
    ]);
  });
});
