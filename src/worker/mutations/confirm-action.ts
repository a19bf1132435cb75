import { mayHaveBeenApplied } from '../../airflow/change-outcome';
import { applyChange } from '../../changes/apply-change';
import { addressOf } from '../../changes/target';
import type { SlackRequestContext } from '../../protocol/job';
import { actionResult, staleConfirm } from '../../views/action-result';
import { errorMessage } from '../../views/error-message';
import { buildTaskInstanceCard } from '../commands/task-instance-card';
import { slackActor } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';
import { afterChange } from './after-change';
import { findPreview } from './find-preview';

/**
 * Confirm: applies exactly the stored preview the button names, through the change service (the
 * permission, the preview's claim, the audit trail, the lease, the audit notes, the run's alert).
 * It is refused when the value names no preview the bot issued, when the user may not act, when the
 * preview expired or was already used (a double click), or when the task instance moved on since
 * the preview (another user, a retry); each refusal says why, is recorded, and changes nothing. A
 * change whose answer never arrived whole (a timeout, a broken answer) is not reported as failed:
 * it may have been applied, and the user is told to refresh before trying again.
 */
export async function confirmAction(value: string, ctx: SlackRequestContext, deps: WorkerDeps): Promise<void> {
  const found = await findPreview(value, ctx, deps, 'confirm');
  const { preview, resolved, change } = found;
  const { deployment, client, ref } = resolved;
  const { outcome } = await applyChange(deps, {
    actor: slackActor(ctx),
    deployment,
    client,
    change,
    asked: addressOf(deployment.name, ref),
    locate: async () => ref,
    guard: {
      kind: 'preview',
      previewId: preview.previewId,
      claim: async () => {
        const claim = await deps.previews.claim(preview.previewId, { by: ctx.userId, as: 'confirmed', now: deps.clock() });
        return claim.ok ? { ok: true } : { ok: false, reason: claim.reason === 'expired' ? 'expired' : 'claimed' };
      },
      expected: { state: preview.expectedState, tryNumber: preview.expectedTry },
    },
  });
  switch (outcome.status) {
    case 'stale':
      // `replaced` is a human-in-the-loop request's; a preview is only expired or claimed.
      await deps.replies.reply(ctx, staleConfirm({ pending: preview, reason: outcome.reason === 'expired' ? 'expired' : 'claimed' }), {
        replaceOriginal: false,
      });
      return;
    case 'moved':
      await deps.replies.reply(
        ctx,
        errorMessage(
          `${ref.taskId} changed since the preview (it is now ${outcome.current.state ?? 'no state'}, try ${outcome.current.tryNumber}). Nothing was changed: preview again.`,
        ),
        { replaceOriginal: false },
      );
      return;
    case 'uncertain':
      await deps.replies.reply(ctx, errorMessage(mayHaveBeenApplied(outcome.message)), { replaceOriginal: false });
      return;
    case 'note_full':
    case 'answered_already':
      // A preview is never of a note, nor an answer.
      return;
    case 'applied': {
      const changed = outcome.affected ?? [];
      const { verb } = outcome.applied;
      const display = { name: deployment.name, displayName: deployment.displayName };
      const summary = actionResult({ deployment: display, pending: preview, changed, actorUserId: ctx.userId });
      await afterChange(deps, ctx, summary.text, async () => {
        const notices = outcome.auditNote?.notices ?? [];
        const result = actionResult({ deployment: display, pending: preview, changed, actorUserId: ctx.userId, notices });
        const card = await buildTaskInstanceCard(deps, resolved, ctx, { userId: ctx.userId, verb });
        // The outcome sentence (and any notice) on top of the updated card; the full list was in the preview.
        await deps.replies.reply(ctx, { text: result.text, blocks: [...result.headline, ...card.blocks] }, { replaceOriginal: true });
      });
    }
  }
}
