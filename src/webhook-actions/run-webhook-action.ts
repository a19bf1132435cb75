import type { Context } from 'aws-lambda';
import type { AirflowClient } from '../airflow/client';
import { logAuditEvent } from '../audit/audit-log';
import { applyChange, type ChangeServiceDeps } from '../changes/apply-change';
import { actorId, changeName, type Actor } from '../changes/change';
import { requireChange, sourceMay } from '../changes/permissions';
import { recordAudit } from '../changes/record-audit';
import { addressOf, resolveRunId } from '../changes/target';
import { budgetFor } from '../changes/time-budget';
import { findDeployment } from '../config/deployments';
import type { DeploymentConfig, DeploymentRegistry } from '../config/types';
import { BotError, isBotError } from '../errors';
import type { Logger } from '../logging/logger';
import type { TaskInstanceAddress } from '../protocol/interaction-types';
import { parseRunSpec } from '../protocol/parse-run';
import { invalidPayloadResponse } from '../webhooks/invalid-payload';
import type { AcceptedWebhook } from '../webhooks/receive-webhook';
import { errorOutcome, forOperators, invalidField, type ActionOutcome } from './action-outcome';
import { actionPayloadSchema } from './action-payload';
import { lookupTaskInstance } from './lookup';
import { appliedAnswer, changeOfPayload, noteTooLong, previewMutation } from './mutations';

export interface WebhookActionDeps {
  registry: DeploymentRegistry;
  airflow: { get(deploymentName: string): AirflowClient };
  /** The change service every confirmed change goes through (its audit trail, leases, idempotency, listeners). */
  changes: ChangeServiceDeps;
  logger: Logger;
  /** How long one Airflow request may take; a change is not started with less time left. */
  airflowTimeoutMs: number;
}

/**
 * `POST /actions/{source}` after the signature is verified: validates the payload, checks the
 * source's permission on the deployment, then looks up, previews, or (with `"confirm": true`)
 * applies the change through the change service, exactly once per idempotency key
 * (`idempotency_key`, else `webhook-id`). Nothing is sent to Airflow before the payload and the
 * permission are checked.
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
  const actor: Extract<Actor, { kind: 'source' }> = { kind: 'source', name: source.name };
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

  const asked = addressOf(deployment.name, { dagId: payload.dag_id, runId: payload.run, taskId: payload.task_id, mapIndex: payload.map_index });
  const client = deps.airflow.get(deployment.name);
  const where = { deployment: deployment.name, webhookId: received.webhookId };
  const locate = async () => ({
    dagId: payload.dag_id,
    runId: await resolveRunId(client, payload.dag_id, run.value),
    taskId: payload.task_id,
    mapIndex: payload.map_index,
  });
  try {
    if (payload.action === 'lookup') {
      // A lookup changes nothing, so it is not in the audit trail; like every action it is an audit line.
      const auditLookup = (outcome: 'allowed' | 'refused', reason?: string) =>
        logAuditEvent(deps.logger, {
          userId: actorId(actor),
          deployment: deployment.name,
          action: 'lookup',
          target: asked,
          outcome,
          ...(reason === undefined ? {} : { reason }),
        });
      if (!sourceMay(deployment, source.name, 'read')) {
        auditLookup('refused', 'source lacks the read permission');
        return {
          statusCode: 403,
          body: {
            error: {
              code: 'forbidden',
              message: `Source ${source.name} may not read task instances in deployment ${deployment.name}. Nothing was sent to Airflow.`,
            },
          },
        };
      }
      auditLookup('allowed');
      return await lookupTaskInstance(client, deployment, await locate(), payload.try_number, { logger: deps.logger, where });
    }
    const change = changeOfPayload(payload);
    await requireChange(deps.changes, actor, deployment, change, { target: asked });
    if (payload.action === 'note') {
      const tooLong = noteTooLong(payload, actor);
      if (tooLong !== undefined) return refuse(tooLong);
    }
    const mayRead = sourceMay(deployment, source.name, 'read');
    if (!payload.confirm) {
      if (!mayRead) await refusePreview(deps.changes, actor, deployment, changeName(change), asked);
      return await previewMutation({ deps: deps.changes, actor, deployment, client, ref: await locate() }, payload);
    }
    // Everything, even finding the run, happens inside the key's guard: a retry is answered without calling Airflow.
    const { outcome } = await applyChange(deps.changes, {
      actor,
      deployment,
      client,
      change,
      asked,
      locate,
      guard: { kind: 'key', key: `${source.name}:${payload.idempotency_key ?? received.webhookId}`, payload, ...(context === undefined ? {} : { context }) },
      budget: budgetFor(context, deps.airflowTimeoutMs),
    });
    return appliedAnswer(outcome, payload, { ...where, mayRead });
  } catch (error) {
    if (forOperators(error)) {
      // The caller is told only that it failed and under which webhook-id: the why is here.
      const kind = isBotError(error) ? error.kind : 'internal';
      const details = isBotError(error) ? error.details : {};
      deps.logger[kind === 'unavailable' ? 'warn' : 'error'](
        { err: error, kind, details, source: source.name, deployment: deployment.name, webhookId: received.webhookId },
        'webhook action failed',
      );
    }
    return errorOutcome(error, where);
  }
}

/**
 * A preview reads: the note as it is, the run `latest` stands for, the states Airflow's dry run
 * reports. A source allowed to change but not to read is refused one (recorded like any refusal),
 * so `note` alone never lets a source read the notes others wrote.
 *
 * @throws `BotError('permission_denied')`, always.
 */
async function refusePreview(
  deps: ChangeServiceDeps,
  actor: Extract<Actor, { kind: 'source' }>,
  deployment: DeploymentConfig,
  action: string,
  target: TaskInstanceAddress,
): Promise<never> {
  await recordAudit(deps, actor, {
    deployment: deployment.name,
    action,
    target,
    outcome: 'refused',
    reason: 'source lacks the read permission (a preview reads)',
  });
  throw new BotError(
    'permission_denied',
    `Source ${actor.name} may not preview changes in deployment ${deployment.name}: a preview shows the note, runs and states it reads, ` +
      'and the source lacks the read permission. Send "confirm": true to apply the change without one. Nothing was sent to Airflow.',
  );
}
