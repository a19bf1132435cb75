import type { Context } from 'aws-lambda';
import type { AirflowClient } from '../airflow/client';
import type { Clock } from '../clock';
import { findDeployment } from '../config/deployments';
import type { DeploymentRegistry } from '../config/types';
import { isBotError } from '../errors';
import type { Logger } from '../logging/logger';
import { parseRunSpec } from '../protocol/parse-run';
import { addressOf, resolveRunId } from '../worker/resolve-target';
import { invalidPayloadResponse } from '../webhooks/invalid-payload';
import type { AcceptedWebhook } from '../webhooks/receive-webhook';
import { errorOutcome, invalidField, type ActionOutcome } from './action-outcome';
import { actionPayloadSchema } from './action-payload';
import { mayTakeAction, PERMISSION_FOR } from './action-permissions';
import type { NoteLease } from '../changes/note-lease';
import type { ApplyOnce } from '../idempotency/run-once-dynamodb';
import { lookupTaskInstance } from './lookup';
import { applyMutation, noteLineOf, previewMutation, type AfterChange, type MutationContext } from './mutations';
import { budgetFor } from '../changes/time-budget';
import { logWebhookAudit } from './webhook-audit';

export interface WebhookActionDeps {
  registry: DeploymentRegistry;
  airflow: { get(deploymentName: string): AirflowClient };
  once: ApplyOnce;
  logger: Logger;
  clock: Clock;
  /** The lease that serializes the writers of one task instance's note. */
  noteLease: NoteLease;
  /** How long one Airflow request may take; a change is not started with less time left. */
  airflowTimeoutMs: number;
  /** Called after every applied change (to update an alert message for the run, for example). */
  afterChange?: AfterChange;
}

/**
 * `POST /actions/{source}` after the signature is verified: validates the payload, checks the
 * source's permission on the deployment, then looks up, previews, or (with `"confirm": true`)
 * applies the change exactly once per idempotency key (`idempotency_key`, else `webhook-id`).
 * Nothing is sent to Airflow before the payload and the permission are checked.
 *
 * @example
 * const received = await receiveWebhook(event, ingressDeps);
 * const outcome = received.ok ? await runWebhookAction(received, deps, context) : undefined;
 */
export async function runWebhookAction(
  received: AcceptedWebhook,
  deps: WebhookActionDeps,
  context?: Context,
): Promise<ActionOutcome> {
  const source = received.source;
  // One log line per refused payload, naming the field (never its value: it may be anything).
  const refuse = (outcome: ActionOutcome): ActionOutcome => {
    const error = outcome.body.error as { field?: string } | undefined;
    deps.logger.warn(
      { source: source.name, webhookId: received.webhookId, status: outcome.statusCode, field: error?.field },
      'webhook action refused',
    );
    return outcome;
  };
  const parsed = actionPayloadSchema.safeParse(received.payload);
  if (!parsed.success) {
    const response = invalidPayloadResponse(parsed.error);
    return refuse({ statusCode: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> });
  }
  const payload = parsed.data;
  const deployment = findDeployment(deps.registry, payload.deployment);
  if (deployment === undefined) return refuse(invalidField('deployment', `no deployment is named "${payload.deployment}"`));
  const run = parseRunSpec(payload.run);
  if (!run.ok) return refuse(invalidField('run', 'looks like a date but is not a valid one'));

  const target = addressOf(deployment.name, { dagId: payload.dag_id, runId: payload.run, taskId: payload.task_id, mapIndex: payload.map_index });
  if (!mayTakeAction(deployment, source, payload.action)) {
    logWebhookAudit(deps.logger, {
      source: source.name,
      deployment: deployment.name,
      action: payload.action,
      target,
      outcome: 'refused',
      reason: `source lacks the ${PERMISSION_FOR[payload.action]} permission`,
    });
    return {
      statusCode: 403,
      body: {
        error: {
          code: 'forbidden',
          message: `Source ${source.name} may not ${payload.action === 'lookup' ? 'read' : payload.action} task instances in deployment ${deployment.name}. Nothing was sent to Airflow.`,
        },
      },
    };
  }

  if (payload.action === 'note') {
    const line = noteLineOf(payload, source);
    if (typeof line !== 'string') return refuse(line);
  }

  const client = deps.airflow.get(deployment.name);
  const contextFor = async (): Promise<MutationContext> => ({
    client,
    deployment,
    source,
    ref: { dagId: payload.dag_id, runId: await resolveRunId(client, payload.dag_id, run.value), taskId: payload.task_id, mapIndex: payload.map_index },
    logger: deps.logger,
    clock: deps.clock,
    noteLease: deps.noteLease,
    budget: budgetFor(context, deps.airflowTimeoutMs),
    ...(deps.afterChange === undefined ? {} : { afterChange: deps.afterChange }),
  });
  try {
    if (payload.action === 'lookup') {
      const { ref } = await contextFor();
      return await lookupTaskInstance(client, deployment, ref, payload.try_number, deps.logger);
    }
    if (!payload.confirm) return await previewMutation(await contextFor(), payload);
    // Everything, even finding the run, happens inside: a retry is answered without calling Airflow.
    const key = `${source.name}:${payload.idempotency_key ?? received.webhookId}`;
    return await deps.once.run(key, payload, async () => applyMutation(await contextFor(), payload), context);
  } catch (error) {
    if (!isBotError(error) || ['internal', 'config', 'credentials'].includes(error.kind)) {
      deps.logger.error({ err: error, source: source.name, deployment: deployment.name }, 'webhook action failed');
    }
    return errorOutcome(error);
  }
}
