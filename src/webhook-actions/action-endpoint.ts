import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { receiveWebhook, type ReceiveWebhookDeps } from '../webhooks/receive-webhook';
import { errorResponse, jsonResponse, type WebhookResponse } from '../webhooks/webhook-response';
import { runWebhookAction, type WebhookActionDeps } from './run-webhook-action';

export type ActionEndpointDeps = ReceiveWebhookDeps & WebhookActionDeps;

/**
 * `POST /actions/{source}` from request to response: the signed-webhook ingress, then the action.
 * Always JSON; anything unexpected is logged and answered with a generic 500, never a stack trace.
 */
export async function handleActionRequest(
  event: APIGatewayProxyEventV2,
  deps: ActionEndpointDeps,
  context?: Context,
): Promise<WebhookResponse> {
  try {
    const received = await receiveWebhook(event, deps);
    if (!received.ok) return received.response;
    const outcome = await runWebhookAction(received, deps, context);
    return jsonResponse(outcome.statusCode, outcome.body);
  } catch (error) {
    deps.logger.error({ err: error }, 'webhook action failed unexpectedly');
    return errorResponse(500, 'internal', 'Something went wrong inside the bot. The details are in its logs.');
  }
}
