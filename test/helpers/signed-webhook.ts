import { randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import { apiGatewayEventV2 } from '../../local/api-gateway-event';

export interface SignedWebhookOptions {
  /** `alerts` or `actions`. */
  route: 'alerts' | 'actions';
  source: string;
  /** The secret to sign with; `signature` replaces the computed header when given. */
  secret: string;
  body: string | Buffer;
  id?: string;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  signature?: string;
  /** Headers to drop, to build incomplete requests. */
  omit?: string[];
}

/** `v1,<base64>` for `body`, as a Standard Webhooks sender computes it. */
export function signatureFor(secret: string, id: string, timestamp: number, body: string | Buffer): string {
  return new Webhook(secret).sign(id, new Date(timestamp * 1000), body);
}

/**
 * The HTTP API event of a signed `POST /<route>/{source}`, built by the same code as the local API
 * Gateway (so text bodies stay text and others are base64-encoded, as in AWS).
 */
export function signedWebhookEvent(options: SignedWebhookOptions): APIGatewayProxyEventV2 {
  const id = options.id ?? `msg_${randomUUID()}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const body = Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body, 'utf8');
  const headers: [string, string][] = [
    ['Content-Type', 'application/json'],
    ['webhook-id', id],
    ['webhook-timestamp', String(timestamp)],
    ['webhook-signature', options.signature ?? signatureFor(options.secret, id, timestamp, body)],
  ];
  return apiGatewayEventV2({
    method: 'POST',
    rawPath: `/${options.route}/${encodeURIComponent(options.source)}`,
    rawQueryString: '',
    headers: headers.filter(([name]) => !(options.omit ?? []).includes(name)),
    body,
    routeKey: `POST /${options.route}/{source}`,
    pathParameters: { source: options.source },
    timeEpoch: Date.now(),
  });
}

/** A random `whsec_` secret. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}
