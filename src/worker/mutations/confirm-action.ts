import { auditLine } from '../../audit/audit-note';
import { logAuditEvent } from '../../audit/audit-log';
import { decodePendingAction } from '../../protocol/button-values';
import { actionResult, staleConfirm } from '../../views/action-result';
import { errorMessage } from '../../views/error-message';
import { buildTaskInstanceCard } from '../commands/task-instance-card';
import type { SlackRequestContext } from '../../protocol/job';
import { addressOf, resolveAddress } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';
import { actionName, actionVerb } from './describe-action';
import { afterChange } from './after-change';
import { writeAuditNotes } from './audit-notes';
import { requireAct } from './preview-action';

/**
 * Confirm: the only path that sends a mutating request. It is refused when the user may not act,
 * when this preview was already confirmed (a double click), or when the task instance moved on
 * since the preview (another user, a retry); each refusal says why and changes nothing.
 */
export async function confirmAction(value: string, ctx: SlackRequestContext, deps: WorkerDeps): Promise<void> {
  const pending = decodePendingAction(value);
  const resolved = await resolveAddress(deps, pending.target, ctx);
  const { deployment, client, ref } = resolved;
  const audit = {
    userId: ctx.userId,
    deployment: deployment.name,
    action: actionName(pending.action),
    target: addressOf(deployment.name, ref),
  };
  await requireAct(deps, resolved, ctx, audit);

  if (!(await deps.ledger.claim(pending.previewId))) {
    logAuditEvent(deps.logger, { ...audit, outcome: 'stale', reason: 'preview already confirmed' });
    await deps.replies.reply(ctx, staleConfirm({ pending }), { replaceOriginal: false });
    return;
  }

  const current = await client.getTaskInstance(ref);
  if (current.state !== pending.expectedState || current.tryNumber !== pending.expectedTry) {
    logAuditEvent(deps.logger, { ...audit, outcome: 'stale', reason: 'task instance changed since the preview' });
    const now = current.state ?? 'no state';
    await deps.replies.reply(
      ctx,
      errorMessage(
        `${ref.taskId} changed since the preview (it is now ${now}, try ${current.tryNumber}). Nothing was changed: preview again.`,
      ),
      { replaceOriginal: false },
    );
    return;
  }

  let changed;
  try {
    changed = await client.applyAction(ref, pending.action);
  } catch (error) {
    logAuditEvent(deps.logger, { ...audit, outcome: 'failed' });
    throw error;
  }
  logAuditEvent(deps.logger, { ...audit, outcome: 'applied', reason: `${changed.length} task instance(s) changed` });

  const verb = actionVerb(pending.action);
  const result = actionResult({
    deployment: { name: deployment.name, displayName: deployment.displayName },
    pending,
    changed,
    actorUserId: ctx.userId,
  });
  await afterChange(deps, ctx, result.text, async () => {
    if (changed.length > 0) {
      const line = auditLine({ verb, userName: ctx.userName, userId: ctx.userId, at: new Date(deps.clock()) });
      await writeAuditNotes(client, changed, line, deps.logger);
    }
    const card = await buildTaskInstanceCard(deps, resolved, ctx, { userId: ctx.userId, verb });
    // The outcome sentence on top of the updated card; the full list was in the preview.
    await deps.replies.reply(ctx, { text: result.text, blocks: [...result.blocks.slice(0, 2), ...card.blocks] }, {
      replaceOriginal: true,
    });
  });
  if (deps.onChange !== undefined) {
    await deps.onChange({ deployment: deployment.name, ref, userId: ctx.userId, verb }).catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'change applied, but telling its listeners failed');
    });
  }
}
