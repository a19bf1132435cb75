import { logAuditEvent } from '../../audit/audit-log';
import { decodePendingAction } from '../../protocol/button-values';
import { buildTaskInstanceCard } from '../commands/task-instance-card';
import type { SlackRequestContext } from '../../protocol/job';
import { addressOf, resolveAddress } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';
import { actionName } from './describe-action';
import { requireAct } from './preview-action';

/** Cancel: nothing is sent to Airflow but reads; the preview turns back into the card. */
export async function cancelAction(value: string, ctx: SlackRequestContext, deps: WorkerDeps): Promise<void> {
  const pending = decodePendingAction(value);
  const resolved = await resolveAddress(deps, pending.target, ctx);
  const audit = {
    userId: ctx.userId,
    deployment: resolved.deployment.name,
    action: actionName(pending.action),
    target: addressOf(resolved.deployment.name, resolved.ref),
  };
  // Only someone who could confirm may cancel: a reader must not wipe an actor's pending action.
  await requireAct(deps, resolved, ctx, audit);
  logAuditEvent(deps.logger, { ...audit, outcome: 'cancelled' });
  const card = await buildTaskInstanceCard(deps, resolved, ctx, { userId: ctx.userId, verb: 'Preview cancelled (nothing changed)' });
  await deps.replies.reply(ctx, card, { replaceOriginal: true });
}
