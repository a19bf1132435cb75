import type { TaskAction } from '../../airflow/model';
import { changeName, changeOf } from '../../changes/change';
import { requireChange } from '../../changes/permissions';
import { recordAudit } from '../../changes/record-audit';
import type { Command } from '../../protocol/command';
import { actionPreview } from '../../views/action-preview';
import type { SlackRequestContext } from '../../protocol/job';
import { resolveTaskInstance, slackActor } from '../resolve-target';
import { addressOf, type ResolvedTaskInstance } from '../../changes/target';
import { PREVIEW_VALID_MS, type StoredPreview } from '../previews/preview-store';
import type { ReplyOptions } from '../../slack-replies/slack-replies';
import type { WorkerDeps } from '../worker-deps';

/** `mark …` and `clear …` typed as commands: the same preview as the buttons. */
export async function previewFromCommand(
  command: Extract<Command, { name: 'mark' | 'clear' }>,
  ctx: SlackRequestContext,
  deps: WorkerDeps,
): Promise<void> {
  const resolved = await resolveTaskInstance(deps, command.target, ctx);
  const action: TaskAction =
    command.name === 'mark'
      ? {
          kind: 'set_state',
          newState: command.newState,
          includeUpstream: command.includeUpstream,
          includeDownstream: command.includeDownstream,
        }
      : { kind: 'clear', includeUpstream: false, includeDownstream: command.includeDownstream };
  await previewAction(deps, resolved, action, ctx, { replaceOriginal: !command.share, share: command.share });
}

/**
 * The first half of every mutation: check the user may act, ask Airflow for a dry run, store the
 * preview (exactly what Confirm will apply, valid for 15 minutes) and show what would change with
 * Confirm / Cancel carrying only its id. Nothing that mutates is sent here.
 */
export async function previewAction(
  deps: WorkerDeps,
  resolved: ResolvedTaskInstance,
  action: TaskAction,
  ctx: SlackRequestContext,
  options: ReplyOptions,
): Promise<void> {
  const { deployment, client, ref } = resolved;
  const actor = slackActor(ctx);
  const change = changeOf(action);
  const target = addressOf(deployment.name, ref);
  await requireChange(deps, actor, deployment, change, { target });
  const ti = await client.getTaskInstance(ref);
  const preview = await client.previewAction(ref, action);
  const now = deps.clock();
  const pending: StoredPreview = {
    previewId: deps.newId(),
    target: addressOf(deployment.name, ref, ti.tryNumber),
    action,
    expectedState: ti.state,
    expectedTry: ti.tryNumber,
    requestedBy: ctx.userId,
    ...(ctx.teamId === undefined ? {} : { teamId: ctx.teamId }),
    affected: preview.affected,
    createdAt: now,
    validUntil: now + PREVIEW_VALID_MS,
  };
  await deps.previews.save(pending);
  await recordAudit(deps, actor, {
    deployment: deployment.name,
    action: changeName(change),
    target,
    outcome: 'allowed',
    reason: 'previewed',
    previewId: pending.previewId,
  });
  const message = actionPreview({
    deployment: { name: deployment.name, displayName: deployment.displayName },
    pending,
    preview,
    requestedBy: ctx.userId,
  });
  await deps.replies.reply(ctx, message, options);
}
