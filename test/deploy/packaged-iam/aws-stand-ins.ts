import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedCall } from './iam-check';
import { TEMPLATE_ACCOUNT } from './packaged-template';

/**
 * The AWS endpoints of one function, on loopback: every request is recorded as the IAM call it is
 * (`dynamodb:PutItem` on `arn:aws:dynamodb:…:table/<name>`) under the function it came from (each
 * function gets its own port, so the caller is known without trusting anything it sends), then
 * served. DynamoDB is forwarded to a local engine, Secrets Manager answered from a fixed set of
 * secrets, Lambda's Invoke handed to the emulator. Anything else is recorded and refused, so a new
 * kind of call shows up in the check instead of passing unseen.
 */

export interface AwsStandInOptions {
  region: string;
  /** The local DynamoDB engine requests are forwarded to. */
  dynamoDbEndpoint: string;
  secrets: SecretStore;
  /** Lambda's Invoke: `Event` answers at once, `RequestResponse` with the function's result. */
  invoke(caller: string, functionName: string, invocationType: string, payload: unknown): Promise<InvokeAnswer>;
  /** Where calls are recorded. */
  calls: RecordedCall[];
}

export interface InvokeAnswer {
  status: number;
  payload?: unknown;
  functionError?: string;
}

export interface AwsStandIn {
  /** `http://127.0.0.1:<port>`: the function's `AWS_ENDPOINT_URL`. */
  url: string;
  close(): Promise<void>;
}

/** Secrets by name, each with the ARN Secrets Manager would give it (a six-character suffix). */
export interface SecretStore {
  /** The secret a `SecretId` (name, partial ARN or full ARN) names, with its ARN; or the ARN IAM checks for a missing one. */
  find(secretId: string): { arn: string; value?: string };
}

export function createSecretStore(region: string, secrets: Record<string, unknown>): SecretStore {
  const prefix = `arn:aws:secretsmanager:${region}:${TEMPLATE_ACCOUNT}:secret:`;
  const stored = Object.entries(secrets).map(([name, value]) => {
    const suffix = createHash('sha256').update(name).digest('base64url').replace(/[-_]/g, 'x').slice(0, 6);
    return { name, arn: `${prefix}${name}-${suffix}`, value: typeof value === 'string' ? value : JSON.stringify(value) };
  });
  return {
    find(secretId) {
      const found = stored.find((secret) => secretId === secret.name || secretId === secret.arn || secretId === `${prefix}${secret.name}`);
      if (found) return { arn: found.arn, value: found.value };
      return { arn: secretId.startsWith('arn:') ? secretId : `${prefix}${secretId}` };
    },
  };
}

/** The SigV4 signing name of a request (`dynamodb`, `secretsmanager`, `lambda`, `airflow`). */
function signingService(request: IncomingMessage): string | undefined {
  const authorization = request.headers.authorization ?? '';
  return /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(authorization)?.[1];
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function answerJson(response: ServerResponse, status: number, body: unknown, contentType = 'application/x-amz-json-1.1'): void {
  response.writeHead(status, { 'content-type': contentType }).end(JSON.stringify(body));
}

/** The tables a DynamoDB request names (`TableName`, or the keys of batch and transaction requests). */
function tablesOf(input: Record<string, unknown>): { table: string; index?: string }[] {
  if (typeof input.TableName === 'string') {
    return [{ table: input.TableName, ...(typeof input.IndexName === 'string' ? { index: input.IndexName } : {}) }];
  }
  if (input.RequestItems !== null && typeof input.RequestItems === 'object') return Object.keys(input.RequestItems).map((table) => ({ table }));
  if (Array.isArray(input.TransactItems)) {
    return (input.TransactItems as Record<string, { TableName?: string }>[]).flatMap((item) =>
      Object.values(item).flatMap((operation) => (operation.TableName === undefined ? [] : [{ table: operation.TableName }])),
    );
  }
  return [];
}

export async function startAwsStandIn(caller: string, options: AwsStandInOptions): Promise<AwsStandIn> {
  const { region, calls } = options;
  const record = (action: string, resource: string) => calls.push({ caller, action, resource });

  async function dynamoDb(request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<void> {
    const operation = String(request.headers['x-amz-target'] ?? '').replace(/^DynamoDB_\d+\./, '');
    const input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    const tables = tablesOf(input);
    for (const { table, index } of tables) {
      record(`dynamodb:${operation}`, `arn:aws:dynamodb:${region}:${TEMPLATE_ACCOUNT}:table/${table}${index === undefined ? '' : `/index/${index}`}`);
    }
    if (tables.length === 0) record(`dynamodb:${operation}`, '*');
    const target = new URL(options.dynamoDbEndpoint);
    await new Promise<void>((resolve, reject) => {
      const forwarded = httpRequest(
        { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: { ...request.headers, host: target.host } },
        (answer) => {
          response.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(response);
          answer.on('end', resolve);
        },
      );
      forwarded.on('error', reject);
      forwarded.end(body);
    });
  }

  function secretsManager(request: IncomingMessage, response: ServerResponse, body: Buffer): void {
    const operation = String(request.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
    const input = JSON.parse(body.toString('utf8') || '{}') as { SecretId?: string };
    const secret = options.secrets.find(String(input.SecretId));
    record(`secretsmanager:${operation}`, secret.arn);
    if (operation !== 'GetSecretValue') {
      answerJson(response, 400, { __type: 'InvalidRequestException', message: `${operation} is not served here` });
    } else if (secret.value === undefined) {
      answerJson(response, 400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
    } else {
      const name = secret.arn.replace(/^.*:secret:/, '').replace(/-[A-Za-z0-9]{6}$/, '');
      answerJson(response, 200, { ARN: secret.arn, Name: name, SecretString: secret.value, VersionId: 'v1', VersionStages: ['AWSCURRENT'], CreatedDate: 1.7e9 });
    }
  }

  async function lambda(request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<void> {
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(request.url ?? '');
    if (!match) {
      record('lambda:Unknown', request.url ?? '');
      answerJson(response, 400, { Type: 'User', message: `${request.method} ${request.url} is not served here` }, 'application/json');
      return;
    }
    const name = decodeURIComponent(match[1]!);
    const arn = name.startsWith('arn:') ? name : `arn:aws:lambda:${region}:${TEMPLATE_ACCOUNT}:function:${name}`;
    record('lambda:InvokeFunction', arn);
    const invocationType = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    const payload = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as unknown);
    const answer = await options.invoke(caller, arn.replace(/^.*:function:/, ''), invocationType, payload);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' };
    if (answer.functionError !== undefined) headers['x-amz-function-error'] = answer.functionError;
    response.writeHead(answer.status, headers).end(answer.payload === undefined ? '' : JSON.stringify(answer.payload));
  }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const service = signingService(request);
    switch (service) {
      case 'dynamodb':
        return dynamoDb(request, response, body);
      case 'secretsmanager':
        return secretsManager(request, response, body);
      case 'lambda':
        return lambda(request, response, body);
      default:
        record(`${service ?? 'unsigned'}:${request.method} ${request.url}`, '*');
        answerJson(response, 400, { __type: 'UnknownOperationException', message: `${service ?? 'an unsigned request'} is not served here` });
    }
  }

  const server: Server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      if (!response.headersSent) answerJson(response, 500, { __type: 'InternalFailure', message: String(error) });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
