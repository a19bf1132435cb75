import { applyChange } from '../../changes/apply-change';
import type { Change } from '../../changes/change';
import { addressOf } from '../../changes/target';
import { BotError } from '../../errors';
import type { TaskInstanceAddress } from '../../protocol/interaction-types';
import type { SlackRequestContext } from '../../protocol/job';
import { resolveDeployment, slackActor } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';

/**
 * The alert's Acknowledge button: acknowledges the run's alert for the clicker, or, when they have
 * already acknowledged it, takes their acknowledgement back (Block Kit shows everyone the same
 * button). It goes through the change service like any change (the permission: a reader may
 * acknowledge; the audit trail; a redelivered job applies once), sends nothing to Airflow, and the
 * alert feature's change listener edits the alert and posts the thread line. Nothing else is
 * answered: the edited alert is the answer.
 *
 * @throws `BotError('not_found')` when the run's alert is no longer kept (or alerts are not set up).
 */
export async function acknowledgeAlert(
  address: TaskInstanceAddress,
  ctx: SlackRequestContext,
  deps: WorkerDeps,
  requestId?: string,
): Promise<void> {
  // The permission is the change service's (a reader may acknowledge), recorded as `acknowledge`.
  const { deployment, client } = resolveDeployment(deps, address.deployment, ctx);
  const ref = { dagId: address.dagId, runId: address.runId, taskId: address.taskId, mapIndex: address.mapIndex };
  const acknowledgers = await deps.acknowledgersOf?.({ deployment: deployment.name, dagId: ref.dagId, runId: ref.runId });
  if (acknowledgers === undefined) {
    throw new BotError('not_found', 'This alert is no longer kept by the bot, so it cannot be acknowledged. Nothing was changed.');
  }
  const change: Change = acknowledgers.includes(ctx.userId) ? { kind: 'unacknowledge', userId: ctx.userId } : { kind: 'acknowledge' };
  const target = addressOf(deployment.name, ref);
  const { outcome, replayed } = await applyChange(deps, {
    actor: slackActor(ctx),
    deployment,
    client,
    change,
    asked: target,
    locate: async () => ref,
    // Without a request id (a direct call) the key is fresh.
    guard: { kind: 'key', key: `slack:acknowledge:${requestId ?? deps.newId()}`, payload: { target, change } },
    ...(requestId === undefined ? {} : { requestId }),
  });
  if (replayed) {
    deps.logger.warn({ requestId }, 'acknowledgement delivered twice; recorded once');
    return;
  }
  if (outcome.status === 'applied' && change.kind === 'acknowledge') deps.metrics?.acknowledged(deployment.name);
}
