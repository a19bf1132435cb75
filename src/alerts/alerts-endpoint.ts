import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { Clock } from '../clock';
import type { DeploymentRegistry } from '../config/types';
import type { SecretCache } from '../credentials/secret-cache';
import { asBotError } from '../errors';
import type { Logger } from '../logging/logger';
import type { BotMetrics } from '../metrics/bot-metrics';
import { invalidPayloadResponse } from '../webhooks/invalid-payload';
import { receiveWebhook } from '../webhooks/receive-webhook';
import { errorResponse, jsonResponse, type WebhookResponse } from '../webhooks/webhook-response';
import type { AlertAcceptor } from './accept-alert';
import { alertEventSchema } from './alert-event';

export interface AlertsEndpointDeps {
  registry: DeploymentRegistry;
  secrets: SecretCache;
  logger: Logger;
  acceptor: AlertAcceptor;
  /** Counts accepted events and refused requests; the caller flushes them. */
  metrics: Pick<BotMetrics, 'eventAccepted' | 'eventRefused'>;
  clock?: Clock;
}

/**
 * `POST /alerts/{source}`: verifies the Standard Webhooks signature of the source named in the
 * path (the shared ingress), validates the event against the alert event schema, checks the source
 * may report on the deployment, drops redeliveries by `webhook-id`, and hands the event on. It
 * answers as soon as the event is handed on (well inside a notifier's 5 seconds); reading Airflow
 * and posting to Slack happen after.
 *
 * Answers: 202 accepted, 200 duplicate (nothing new happens), 401/413/400 from the ingress, 400
 * naming the field that breaks the schema, 403 for a deployment the source may not report on,
 * 409 while the same event is still being handed on, 503 when it could not be handed on.
 */
export function createAlertsEndpoint(deps: AlertsEndpointDeps) {
  const answer = answerAlert(deps);
  return async (event: APIGatewayProxyEventV2, context?: Context): Promise<WebhookResponse> => {
    const { response, accepted } = await answer(event, context);
    if (response.statusCode >= 400) deps.metrics.eventRefused(response.statusCode);
    if (accepted !== undefined) deps.metrics.eventAccepted(accepted);
    return response;
  };
}

/** The answer, and the deployment of an event handed on (not a duplicate). */
function answerAlert(deps: AlertsEndpointDeps) {
  return async (event: APIGatewayProxyEventV2, context?: Context): Promise<{ response: WebhookResponse; accepted?: string }> => {
    const received = await receiveWebhook(event, deps);
    if (!received.ok) return { response: received.response };
    const { source, webhookId, payload } = received;
    const refuse = (response: WebhookResponse, reason: string) => {
      deps.logger.warn({ route: event.routeKey, source: source.name, webhookId, status: response.statusCode, reason }, 'alert refused');
      return { response };
    };
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return refuse(errorResponse(400, 'invalid', 'The body must be a JSON object (an alert event).'), 'not an object');
    }
    const parsed = alertEventSchema.safeParse(payload);
    if (!parsed.success) return refuse(invalidPayloadResponse(parsed.error), 'not an alert event');
    const alert = parsed.data;
    if (!source.deployments.includes(alert.deployment)) {
      return refuse(
        errorResponse(403, 'forbidden', `Source "${source.name}" may not report on deployment "${alert.deployment}".`, 'deployment'),
        'deployment not allowed for this source',
      );
    }
    let outcome;
    try {
      outcome = await deps.acceptor.accept({ kind: 'alert', source: source.name, webhookId, event: alert }, context);
    } catch (error) {
      const botError = asBotError(error);
      deps.logger.error({ err: botError.cause ?? botError, source: source.name, webhookId }, 'could not hand the alert on');
      return { response: errorResponse(503, 'unavailable', 'The alert could not be accepted right now; send it again later.') };
    }
    deps.logger.info({ source: source.name, webhookId, type: alert.event, outcome }, 'alert received');
    if (outcome === 'in_progress') {
      return { response: errorResponse(409, 'conflict', 'This event is being accepted by another request; send it again later.') };
    }
    if (outcome === 'duplicate') return { response: jsonResponse(200, { status: outcome }) };
    return { response: jsonResponse(202, { status: outcome }), accepted: alert.deployment };
  };
}
