import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { systemClock, type Clock } from '../clock';
import { findSource } from '../config/deployments';
import type { DeploymentRegistry, SourceConfig } from '../config/types';
import type { SecretCache } from '../credentials/secret-cache';
import { asBotError } from '../errors';
import type { Logger } from '../logging/logger';
import { header, requestBody } from './request-parts';
import { loadSourceSecrets } from './source-secrets';
import { verifySignature } from './verify-signature';
import { errorResponse, type WebhookResponse } from './webhook-response';

/** Bodies above this are refused with 413 before anything else is looked at. */
export const MAX_WEBHOOK_BODY_BYTES = 256 * 1024;

/** How far a `webhook-timestamp` may be from now, either way (Standard Webhooks' tolerance). */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

/** A `webhook-id` is a caller's idempotency key: printable, bounded. */
const WEBHOOK_ID = /^[\x21-\x7e]{1,256}$/;
const UNIX_SECONDS = /^\d{1,12}$/;

export interface ReceiveWebhookDeps {
  registry: DeploymentRegistry;
  /** Where the sources' `{"secrets": [...]}` are read from (cached across warm invocations). */
  secrets: SecretCache;
  logger: Logger;
  clock?: Clock;
}

/** A request that passed: the source it came from and its JSON payload, not yet checked against any schema. */
export interface AcceptedWebhook {
  ok: true;
  source: SourceConfig;
  /** The `webhook-id` header: the sender's id for this event, the same on every redelivery. */
  webhookId: string;
  /** The `webhook-timestamp` header. */
  timestamp: Date;
  payload: unknown;
}

export interface RefusedWebhook {
  ok: false;
  /** The JSON error to answer with. */
  response: WebhookResponse;
}

/** The one answer to every verification failure: it must not tell a forger which check failed. */
const UNAUTHORIZED_MESSAGE = 'The request is not signed by a known source.';

/**
 * The signed-webhook ingress shared by `POST /alerts/{source}` and `POST /actions/{source}`:
 * Standard Webhooks verification against the source named by the path, then JSON parsing. Checks,
 * in order (each refusal is one `warn` log line naming the reason, never a secret or the body):
 * - body over 256 KiB → 413;
 * - unknown source, missing headers, timestamp more than 5 minutes old or ahead, no signature
 *   made with one of the source's secrets → 401, all with the same body;
 * - the source's secret cannot be read → 503 (an operator's fault; the sender may retry);
 * - the body is not JSON → 400.
 * The payload's own schema is the caller's to check (see `invalidPayloadResponse`).
 *
 * @example
 * const received = await receiveWebhook(event, { registry, secrets, logger });
 * if (!received.ok) return received.response;
 * const parsed = alertSchema.safeParse(received.payload);
 */
export async function receiveWebhook(
  event: APIGatewayProxyEventV2,
  deps: ReceiveWebhookDeps,
): Promise<AcceptedWebhook | RefusedWebhook> {
  const clock = deps.clock ?? systemClock;
  const sourceName = event.pathParameters?.source ?? '';
  const webhookId = header(event, 'webhook-id');
  const refuse = (response: WebhookResponse, reason: string): RefusedWebhook => {
    deps.logger.warn(
      {
        route: event.routeKey,
        source: sourceName.slice(0, 64),
        ...(webhookId !== undefined && WEBHOOK_ID.test(webhookId) ? { webhookId } : {}),
        status: response.statusCode,
        reason,
      },
      'webhook refused',
    );
    return { ok: false, response };
  };
  const unauthorized = (reason: string) => refuse(errorResponse(401, 'unauthorized', UNAUTHORIZED_MESSAGE), reason);

  const body = requestBody(event);
  if (body.length > MAX_WEBHOOK_BODY_BYTES) {
    return refuse(
      errorResponse(413, 'invalid', `The body is ${body.length} bytes; at most ${MAX_WEBHOOK_BODY_BYTES} are accepted.`),
      'body too large',
    );
  }
  const source = findSource(deps.registry, sourceName);
  if (source === undefined) return unauthorized('unknown source');
  const timestamp = header(event, 'webhook-timestamp');
  const signature = header(event, 'webhook-signature');
  if (webhookId === undefined || timestamp === undefined || signature === undefined) return unauthorized('missing signature headers');
  if (!WEBHOOK_ID.test(webhookId)) return unauthorized('malformed webhook-id');
  if (!UNIX_SECONDS.test(timestamp)) return unauthorized('malformed webhook-timestamp');
  const ageSeconds = Math.floor(clock() / 1000) - Number(timestamp);
  if (ageSeconds > TIMESTAMP_TOLERANCE_SECONDS) return unauthorized('stale timestamp');
  if (ageSeconds < -TIMESTAMP_TOLERANCE_SECONDS) return unauthorized('timestamp in the future');

  let secrets: string[];
  try {
    secrets = await loadSourceSecrets(deps.secrets, source.secretId);
  } catch (error) {
    const botError = asBotError(error);
    deps.logger.error({ err: botError, source: source.name, secretId: source.secretId }, 'could not read the source secret');
    return refuse(
      errorResponse(503, 'unavailable', 'The webhook cannot be verified right now; try again later.'),
      'source secret unavailable',
    );
  }
  if (!verifySignature(secrets, { id: webhookId, timestamp, signature, body })) return unauthorized('bad signature');

  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    return refuse(errorResponse(400, 'invalid', 'The body is not JSON.'), 'not JSON');
  }
  return { ok: true, source, webhookId, timestamp: new Date(Number(timestamp) * 1000), payload };
}
