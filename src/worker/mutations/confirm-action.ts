import { changeMayHaveApplied, mayHaveBeenApplied } from '../../airflow/change-outcome';
import { auditLine } from '../../audit/audit-note';
import { auditSubject } from '../../audit/audit-trail';
import { asBotError } from '../../errors';
import { withLease } from '../../changes/with-lease';
import { actionResult, staleConfirm } from '../../views/action-result';
import { errorMessage } from '../../views/error-message';
import { buildTaskInstanceCard } from '../commands/task-instance-card';
import type { SlackRequestContext } from '../../protocol/job';
import { recordAudit } from '../../changes/record-audit';
import type { WorkerDeps } from '../worker-deps';
import { actionVerb } from './describe-action';
import { afterChange } from './after-change';
import { writeAuditNotes } from '../../changes/audit-notes';
import { findPreview } from './find-preview';

/**
 * Confirm: the only path that sends a mutating request, and it applies exactly the stored preview
 * the button names. It is refused when the value names no preview the bot issued, when the user may
 * not act, when the preview expired or was already used (a double click), or when the task instance
 * moved on since the preview (another user, a retry); each refusal says why, is recorded, and
 * changes nothing. The attempt is in the audit trail before anything changes. A change whose answer
 * never arrived whole (a timeout, a broken answer) is not reported as failed: it may have been
 * applied, and the user is told to refresh before trying again.
 */
export async function confirmAction(value: string, ctx: SlackRequestContext, deps: WorkerDeps): Promise<void> {
  const found = await findPreview(value, ctx, deps, 'confirm');
  const { resolved, audit } = found;
  const { deployment, client, ref } = resolved;

  const claim = await deps.previews.claim(found.preview.previewId, { by: ctx.userId, as: 'confirmed', now: deps.clock() });
  if (!claim.ok) {
    const reason = claim.reason === 'expired' ? 'expired' : 'claimed';
    await recordAudit(deps, ctx, { ...audit, outcome: 'stale', reason: reason === 'expired' ? 'preview expired' : 'preview already used' });
    await deps.replies.reply(ctx, staleConfirm({ pending: found.preview, reason }), { replaceOriginal: false });
    return;
  }
  // Exactly what the claim returned, as stored when the preview was shown.
  const preview = claim.preview;
  // Nothing changes unless the trail has the attempt: a store that is down stops here.
  await recordAudit(deps, ctx, { ...audit, outcome: 'allowed', reason: 'confirmed' }, { required: true });

  // Check and change under the task instance's action lease: two Confirms handled at once cannot
  // both find it as previewed and both apply. Slack is answered after the lease is given back.
  const outcome = await withLease(deps, `action:${auditSubject(deployment.name, audit.target)}`, async () => {
    const current = await client.getTaskInstance(ref);
    if (current.state !== preview.expectedState || current.tryNumber !== preview.expectedTry) {
      await recordAudit(deps, ctx, { ...audit, outcome: 'stale', reason: 'task instance changed since the preview' });
      return { applied: false as const, current };
    }
    try {
      const changed = await client.applyAction(ref, preview.action);
      await recordAudit(deps, ctx, { ...audit, outcome: 'applied', reason: `${changed.length} task instance(s) changed` });
      return { applied: true as const, changed };
    } catch (error) {
      const botError = asBotError(error);
      if (!changeMayHaveApplied(botError)) {
        await recordAudit(deps, ctx, { ...audit, outcome: 'failed' });
        throw botError;
      }
      await recordAudit(deps, ctx, { ...audit, outcome: 'failed', reason: `${botError.kind}; the change may have been applied` });
      deps.logger.warn({ err: botError.cause ?? botError, kind: botError.kind }, 'a confirmed change may have been applied');
      return { applied: 'maybe' as const, error: botError };
    }
  });
  if (outcome.applied === 'maybe') {
    await deps.replies.reply(
      ctx,
      errorMessage(mayHaveBeenApplied(outcome.error.userMessage)),
      { replaceOriginal: false },
    );
    return;
  }
  if (!outcome.applied) {
    const { current } = outcome;
    await deps.replies.reply(
      ctx,
      errorMessage(
        `${ref.taskId} changed since the preview (it is now ${current.state ?? 'no state'}, try ${current.tryNumber}). Nothing was changed: preview again.`,
      ),
      { replaceOriginal: false },
    );
    return;
  }
  const { changed } = outcome;

  const verb = actionVerb(preview.action);
  const display = { name: deployment.name, displayName: deployment.displayName };
  const summary = actionResult({ deployment: display, pending: preview, changed, actorUserId: ctx.userId });
  await afterChange(deps, ctx, summary.text, async () => {
    let notices: string[] = [];
    if (changed.length > 0) {
      const line = auditLine({ verb, userName: ctx.userName, userId: ctx.userId, at: new Date(deps.clock()) });
      notices = (await writeAuditNotes(deps, client, deployment.name, changed, line)).notices;
    }
    const result = actionResult({ deployment: display, pending: preview, changed, actorUserId: ctx.userId, notices });
    const card = await buildTaskInstanceCard(deps, resolved, ctx, { userId: ctx.userId, verb });
    // The outcome sentence (and any notice) on top of the updated card; the full list was in the preview.
    await deps.replies.reply(ctx, { text: result.text, blocks: [...result.headline, ...card.blocks] }, { replaceOriginal: true });
  });
  if (deps.onChange !== undefined) {
    await deps.onChange({ deployment: deployment.name, ref, userId: ctx.userId, verb }).catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'change applied, but telling its listeners failed');
    });
  }
}
