import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loginToWebServer } from '../../src/airflow/platforms/mwaa/web-server-login';
import type { MwaaDeployment } from '../../src/config/types';
import { expectBotError } from '../airflow/expect-bot-error';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('the MWAA web server login', () => {
  let server: Server;
  let url: string;
  let answer: { status: number; headers: Record<string, string | string[]>; body: string };
  const received: { path: string; contentType: string | undefined; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ path: request.url ?? '', contentType: request.headers['content-type'], body });
        response.writeHead(answer.status, answer.headers).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    received.length = 0;
  });

  const deployment = (dialect: 'v1' | 'v2'): MwaaDeployment => ({
    platform: 'mwaa',
    name: 'mwaa-prod',
    displayName: 'MWAA prod',
    apiUrl: url,
    uiUrl: url,
    dialect,
    environmentName: 'prod-airflow',
    region: 'eu-west-1',
    defaultChannels: [],
  });
  const login = (dialect: 'v1' | 'v2') =>
    loginToWebServer(deployment(dialect), 'web-token+/=', { fetch, clock: () => NOW, timeoutMs: 5_000, userAgent: 'test' });

  it('posts the token as a form to the Airflow 2 route and sends the session cookie, kept until shortly before Max-Age', async () => {
    answer = { status: 302, headers: { location: '/home', 'set-cookie': ['other=1; Path=/', 'session=abc.def; Max-Age=3600; Path=/; HttpOnly'] }, body: '' };
    const grant = await login('v1');
    expect(received).toEqual([{ path: '/aws_mwaa/login', contentType: 'application/x-www-form-urlencoded;charset=UTF-8', body: 'token=web-token%2B%2F%3D' }]);
    expect(grant).toEqual({ headers: { cookie: 'session=abc.def' }, usableUntil: NOW + 3_600_000 - 60_000 });
  });

  it('uses the _token cookie of the Airflow 3 route as a bearer token, kept until shortly before its exp', async () => {
    const exp = NOW / 1000 + 1800;
    const jwt = `e30.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.sig`;
    answer = { status: 200, headers: { 'set-cookie': `_token=${jwt}; Path=/; Secure` }, body: '<html>ok</html>' };
    const grant = await login('v2');
    expect(received.map((r) => r.path)).toEqual(['/pluginsv2/aws_mwaa/login']);
    expect(grant).toEqual({ headers: { authorization: `Bearer ${jwt}` }, usableUntil: exp * 1000 - 60_000 });
  });

  it('reports a sign-in page answered without a session as refused, not as a page it cannot parse', async () => {
    answer = { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><form action="/login">Sign in</form></html>' };
    await expectBotError(
      login('v1'),
      'unauthorized',
      `mwaa-prod: MWAA login refused at ${url}/aws_mwaa/login: it answered HTTP 200 without a session. Check that the function's IAM role maps to an Airflow role of environment "prod-airflow"`,
    );
  });
});
