import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** One `GetSecretValue` call as the server saw it. */
export interface SeenRequest {
  target: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

/**
 * A Secrets Manager stand-in on 127.0.0.1 speaking the AWS JSON 1.1 protocol, enough for
 * `GetSecretValue`: secrets by name, an error to answer for chosen ids, and a log of requests.
 */
export class FakeSecretsManager {
  readonly secrets = new Map<string, string>();
  /** Ids answered with this AWS error type (`__type`) instead of their value. */
  readonly failures = new Map<string, { type: string; status: number }>();
  readonly requests: SeenRequest[] = [];
  private server: Server | undefined;
  private clients: SecretsManagerClient[] = [];

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      void readBody(request).then((text) => {
        const body: unknown = JSON.parse(text);
        this.requests.push({
          target: request.headers['x-amz-target'] as string | undefined,
          contentType: request.headers['content-type'],
          body,
        });
        const secretId = typeof body === 'object' && body !== null && 'SecretId' in body ? String(body.SecretId) : '';
        const failure = this.failures.get(secretId);
        const value = this.secrets.get(secretId);
        const [status, payload] =
          failure !== undefined
            ? [failure.status, { __type: failure.type, message: `Refused: ${failure.type}` }]
            : value === undefined
              ? [400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }]
              : [
                  200,
                  {
                    ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${secretId}-AbCdEf`,
                    Name: secretId,
                    VersionId: '00000000-0000-0000-0000-000000000001',
                    SecretString: value,
                    VersionStages: ['AWSCURRENT'],
                    CreatedDate: 1_700_000_000,
                  },
                ];
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(payload));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
  }

  /** A real SDK client pointed at this server, with fake credentials and no retries. */
  client(): SecretsManagerClient {
    const { port } = this.server?.address() as AddressInfo;
    const client = new SecretsManagerClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    this.clients.push(client);
    return client;
  }

  /** Requests for one secret id. */
  requestsFor(secretId: string): SeenRequest[] {
    return this.requests.filter(
      (request) => typeof request.body === 'object' && request.body !== null && 'SecretId' in request.body && request.body.SecretId === secretId,
    );
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.destroy();
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
