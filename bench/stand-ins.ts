import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback HTTP server standing in for an AWS or Slack endpoint, counting what it was sent. */
export interface StandIn {
  url: string;
  requests(): number;
  close(): Promise<void>;
}

/**
 * Secrets Manager's `GetSecretValue` (AWS JSON 1.1) for the given secrets, so the functions read
 * their secrets through the real SDK client as deployed.
 */
export function startSecretsManager(secrets: Record<string, unknown>): Promise<StandIn> {
  return serve(async (request, body) => {
    const { SecretId } = JSON.parse(body) as { SecretId: string };
    const value = secrets[SecretId];
    if (request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue' || value === undefined) {
      return [400, { 'content-type': 'application/x-amz-json-1.1' }, JSON.stringify({ __type: 'ResourceNotFoundException', message: 'not found' })];
    }
    const secret = { ARN: `arn:aws:secretsmanager:eu-west-1:000000000000:secret:${SecretId}-AbCdEf`, Name: SecretId, SecretString: JSON.stringify(value) };
    return [200, { 'content-type': 'application/x-amz-json-1.1' }, JSON.stringify(secret)];
  });
}

/** Lambda's `Invoke` API answering an `Event` invocation as AWS does: 202, empty body. */
export function startLambda(): Promise<StandIn> {
  return serve(async () => [202, { 'x-amzn-requestid': 'bench' }, '']);
}

/** Slack's `response_url` and Web API: every POST answered `{"ok":true}`. */
export function startSlack(): Promise<StandIn> {
  return serve(async () => [200, { 'content-type': 'application/json' }, '{"ok":true}']);
}

type Answer = [status: number, headers: Record<string, string>, body: string];

async function serve(answer: (request: IncomingMessage, body: string) => Promise<Answer>): Promise<StandIn> {
  let count = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      count += 1;
      answer(request, Buffer.concat(chunks).toString('utf8')).then(
        ([status, headers, body]) => response.writeHead(status, headers).end(body),
        () => response.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
