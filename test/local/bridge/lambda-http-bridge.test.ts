import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import {
  startLambdaHttpBridge,
  type HttpLambdaHandler,
  type LambdaHttpBridge,
} from '../../../local/lambda-http-bridge';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request with exact control over header lines (fetch would merge repeated ones). */
function send(url: string, method: string, headers: OutgoingHttpHeaders, body?: Buffer | string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface Call {
  event: APIGatewayProxyEventV2;
  context: Context;
  remainingAtCall: number;
}

describe('startLambdaHttpBridge', () => {
  const NOW = Date.UTC(2026, 2, 12, 19, 3, 58, 250);
  let bridge: LambdaHttpBridge;
  let calls: Call[];
  let result: APIGatewayProxyResultV2;
  let errors: string[];
  let throwing: Error | undefined;

  const recording: HttpLambdaHandler = async (event, context) => {
    calls.push({ event, context, remainingAtCall: context.getRemainingTimeInMillis() });
    if (throwing) throw throwing;
    return result;
  };

  beforeAll(async () => {
    bridge = await startLambdaHttpBridge({
      port: 0,
      routes: { 'POST /slack/events': recording, 'GET /runs/{runId}/tasks/{taskId}': recording },
      timeoutMs: 10_000,
      errorOutput: { write: (text: string) => errors.push(text) },
      clock: () => NOW,
    });
  });

  afterAll(async () => {
    await bridge.close();
  });

  beforeEach(() => {
    calls = [];
    errors = [];
    throwing = undefined;
    result = { statusCode: 200, body: '' };
  });

  it('listens on 127.0.0.1 and gives a URL without a trailing slash', () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('hands a JSON request to the handler as a payload 2.0 event with the body as text', async () => {
    const body = '{"type":"url_verification","challenge":"ünïcode ✓"}';
    const port = new URL(bridge.url).port;

    await send(
      `${bridge.url}/slack/events?b=2&a=1&a=3`,
      'POST',
      { 'Content-Type': 'application/json', 'User-Agent': 'Slackbot 1.0', 'X-Slack-Signature': 'v0=abc' },
      body,
    );

    expect(calls).toHaveLength(1);
    const { event } = calls[0]!;
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('POST /slack/events');
    expect(event.rawPath).toBe('/slack/events');
    expect(event.rawQueryString).toBe('b=2&a=1&a=3');
    expect(event.queryStringParameters).toEqual({ a: '1,3', b: '2' });
    expect(event.body).toBe(body);
    expect(event.isBase64Encoded).toBe(false);
    expect(event.cookies).toBeUndefined();
    expect(event.pathParameters).toBeUndefined();
    expect(event.headers).toEqual({
      'content-type': 'application/json',
      'user-agent': 'Slackbot 1.0',
      'x-slack-signature': 'v0=abc',
      host: `127.0.0.1:${port}`,
      'content-length': String(Buffer.byteLength(body)),
      connection: 'keep-alive',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-port': port,
    });
    expect(event.requestContext).toEqual({
      accountId: '000000000000',
      apiId: 'local',
      domainName: '127.0.0.1',
      domainPrefix: '127',
      http: { method: 'POST', path: '/slack/events', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'Slackbot 1.0' },
      requestId: expect.stringMatching(/^[A-Za-z0-9+/]{14}==$/),
      routeKey: 'POST /slack/events',
      stage: '$default',
      time: '12/Mar/2026:19:03:58 +0000',
      timeEpoch: NOW,
    });
  });

  it('base64-encodes a form body and keeps its bytes exactly', async () => {
    const body = Buffer.from('command=%2Fairflow&text=ti+demo-v2+etl_daily+latest+transform&x=%E2%9C%93', 'utf8');

    await send(`${bridge.url}/slack/events`, 'POST', { 'content-type': 'application/x-www-form-urlencoded' }, body);

    const { event } = calls[0]!;
    expect(event.isBase64Encoded).toBe(true);
    expect(event.body).toBe(body.toString('base64'));
    expect(Buffer.from(event.body!, 'base64').equals(body)).toBe(true);
  });

  it('base64-encodes a body of any non-text type, byte for byte', async () => {
    const body = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x41]);

    await send(`${bridge.url}/slack/events`, 'POST', { 'content-type': 'application/octet-stream' }, body);

    const { event } = calls[0]!;
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body!, 'base64').equals(body)).toBe(true);
  });

  it('leaves the body out when the request has none', async () => {
    await send(`${bridge.url}/runs/r1/tasks/t1`, 'GET', {});

    expect(calls[0]!.event.body).toBeUndefined();
    expect(calls[0]!.event.isBase64Encoded).toBe(false);
  });

  it('joins repeated headers with commas and moves cookies to their own list', async () => {
    await send(
      `${bridge.url}/slack/events`,
      'POST',
      { 'X-Repeated': ['one', 'two'], Cookie: 'a=1; b=2', 'content-type': 'text/plain' },
      'x',
    );

    const { event } = calls[0]!;
    expect(event.headers['x-repeated']).toBe('one,two');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(['a=1', 'b=2']);
  });

  it('fills path parameters from the route', async () => {
    await send(`${bridge.url}/runs/scheduled__2026-01-01/tasks/load%20data`, 'GET', {});

    const { event } = calls[0]!;
    expect(event.routeKey).toBe('GET /runs/{runId}/tasks/{taskId}');
    expect(event.pathParameters).toEqual({ runId: 'scheduled__2026-01-01', taskId: 'load data' });
  });

  it('passes a Lambda context named after the route, counting down from the timeout', async () => {
    await send(`${bridge.url}/slack/events`, 'POST', { 'content-type': 'application/json' }, '{}');

    const { context, remainingAtCall } = calls[0]!;
    expect(context.functionName).toBe('local-post-slack-events');
    expect(context.functionVersion).toBe('$LATEST');
    expect(context.invokedFunctionArn).toBe('arn:aws:lambda:us-east-1:000000000000:function:local-post-slack-events');
    expect(context.awsRequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(context.logGroupName).toBe('/aws/lambda/local-post-slack-events');
    expect(remainingAtCall).toBe(10_000);
    expect(() => context.succeed('x')).toThrow('context.succeed() is not supported locally');
  });

  it('gives each request its own request ids', async () => {
    await send(`${bridge.url}/slack/events`, 'POST', { 'content-type': 'application/json' }, '{}');
    await send(`${bridge.url}/slack/events`, 'POST', { 'content-type': 'application/json' }, '{}');

    expect(calls[0]!.context.awsRequestId).not.toBe(calls[1]!.context.awsRequestId);
    expect(calls[0]!.event.requestContext.requestId).not.toBe(calls[1]!.event.requestContext.requestId);
  });

  it('writes back the status, headers, cookies and body of a structured result', async () => {
    result = {
      statusCode: 201,
      headers: { 'Content-Type': 'application/json', 'X-Count': 3 },
      cookies: ['session=abc; HttpOnly', 'theme=dark'],
      body: '{"created":true}',
    };

    const response = await send(`${bridge.url}/slack/events`, 'POST', { 'content-type': 'application/json' }, '{}');

    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['x-count']).toBe('3');
    expect(response.headers['set-cookie']).toEqual(['session=abc; HttpOnly', 'theme=dark']);
    expect(response.headers['apigw-requestid']).toBe(calls[0]!.event.requestContext.requestId);
    expect(response.body.toString()).toBe('{"created":true}');
  });

  it('decodes a base64 result body', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00]);
    result = { statusCode: 200, headers: { 'content-type': 'image/png' }, body: bytes.toString('base64'), isBase64Encoded: true };

    const response = await send(`${bridge.url}/slack/events`, 'POST', { 'content-type': 'application/json' }, '{}');

    expect(response.body.equals(bytes)).toBe(true);
  });

  it('answers a string result with 200 and that body as JSON', async () => {
    result = 'Hello from Lambda!';

    const response = await send(`${bridge.url}/slack/events`, 'POST', { 'content-type': 'application/json' }, '{}');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body.toString()).toBe('Hello from Lambda!');
  });

  it('answers a result without a status code with that object as JSON', async () => {
    result = { ok: true } as unknown as APIGatewayProxyResultV2;

    const response = await send(`${bridge.url}/slack/events`, 'POST', { 'content-type': 'application/json' }, '{}');

    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('{"ok":true}');
  });

  it('answers an unknown path with 404 Not Found without calling a handler', async () => {
    const response = await send(`${bridge.url}/slack/other`, 'POST', { 'content-type': 'application/json' }, '{}');

    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body.toString()).toBe('{"message":"Not Found"}');
    expect(calls).toEqual([]);
  });

  it('answers a known path with another method with 404 Not Found', async () => {
    const response = await send(`${bridge.url}/slack/events`, 'GET', {});

    expect(response.status).toBe(404);
    expect(response.body.toString()).toBe('{"message":"Not Found"}');
    expect(calls).toEqual([]);
  });

  it('answers 500 when the handler throws and logs the error without the request body', async () => {
    throwing = new Error('listener exploded');

    const response = await send(
      `${bridge.url}/slack/events`,
      'POST',
      { 'content-type': 'application/x-www-form-urlencoded' },
      'token=very-private-value&text=secret+words',
    );

    expect(response.status).toBe(500);
    expect(response.body.toString()).toBe('{"message":"Internal Server Error"}');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('POST /slack/events');
    expect(errors[0]).toContain('listener exploded');
    expect(errors[0]).not.toContain('very-private-value');
    expect(errors[0]).not.toContain('secret');
    expect(errors[0]).not.toContain(Buffer.from('token=very-private-value').toString('base64').slice(0, 12));
  });

  it('answers 500 when the handler returns something that is not a response', async () => {
    result = { statusCode: 'two hundred', body: '' } as unknown as APIGatewayProxyResultV2;

    const response = await send(`${bridge.url}/slack/events`, 'POST', { 'content-type': 'application/json' }, '{}');

    expect(response.status).toBe(500);
    expect(response.body.toString()).toBe('{"message":"Internal Server Error"}');
    expect(errors[0]).toContain('The handler returned the status code "two hundred", not an HTTP status.');
  });
});

describe('startLambdaHttpBridge on a taken port', () => {
  it('rejects with the listen error', async () => {
    const first = await startLambdaHttpBridge({ port: 0, routes: {} });
    const port = Number(new URL(first.url).port);
    try {
      await expect(startLambdaHttpBridge({ port, routes: {} })).rejects.toThrow('EADDRINUSE');
    } finally {
      await first.close();
    }
  });
});
