import type { SlackRequestContext } from '../../protocol/job';
import { staleConfirm } from '../../views/action-result';
import { buildTaskInstanceCard } from '../commands/task-instance-card';
import { recordAudit } from '../../changes/record-audit';
import { slackActor } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';
import { findPreview } from './find-preview';

/**
 * Cancel: nothing is sent to Airflow but reads; the preview is used up (so it cannot be confirmed
 * afterwards) and turns back into the card. Only someone who could confirm may cancel: a reader
 * must not wipe an actor's pending action.
 */
export async function cancelAction(value: string, ctx: SlackRequestContext, deps: WorkerDeps): Promise<void> {
  const { preview, resolved, audit } = await findPreview(value, ctx, deps, 'cancel');
  const claim = await deps.previews.claim(preview.previewId, { by: ctx.userId, as: 'cancelled', now: deps.clock() });
  if (!claim.ok && claim.reason === 'claimed') {
    await recordAudit(deps, slackActor(ctx), { ...audit, outcome: 'stale', reason: 'preview already used' });
    await deps.replies.reply(ctx, staleConfirm({ pending: preview, reason: 'claimed' }), { replaceOriginal: false });
    return;
  }
  // An expired preview is cancelled all the same: nothing was going to change.
  await recordAudit(deps, slackActor(ctx), { ...audit, outcome: 'cancelled' });
  const card = await buildTaskInstanceCard(deps, resolved, ctx, { userId: ctx.userId, verb: 'Preview cancelled (nothing changed)' });
  await deps.replies.reply(ctx, card, { replaceOriginal: true });
}
