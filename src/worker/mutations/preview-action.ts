import type { TaskAction } from '../../airflow/model';
import type { AuditEvent } from '../../audit/audit-log';
import { BotError } from '../../errors';
import type { Command } from '../../protocol/command';
import { actionPreview } from '../../views/action-preview';
import type { SlackRequestContext } from '../../protocol/job';
import { addressOf, mayAct, resolveTaskInstance, type ResolvedTaskInstance } from '../resolve-target';
import { PREVIEW_VALID_MS, type StoredPreview } from '../previews/preview-store';
import { recordAudit } from '../../changes/record-audit';
import type { ReplyOptions } from '../../slack-replies/slack-replies';
import type { WorkerDeps } from '../worker-deps';
import { actionName } from './describe-action';

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
  const audit = { userId: ctx.userId, deployment: deployment.name, action: actionName(action), target: addressOf(deployment.name, ref) };
  await requireAct(deps, resolved, ctx, audit);
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
  await recordAudit(deps, ctx, { ...audit, outcome: 'allowed', reason: 'previewed', previewId: pending.previewId });
  const message = actionPreview({
    deployment: { name: deployment.name, displayName: deployment.displayName },
    pending,
    preview,
    requestedBy: ctx.userId,
  });
  await deps.replies.reply(ctx, message, options);
}

/** Refuses, logs and says so when the user may not act on this deployment. */
export async function requireAct(
  deps: WorkerDeps,
  resolved: ResolvedTaskInstance,
  ctx: SlackRequestContext,
  audit: Omit<AuditEvent, 'outcome'>,
): Promise<void> {
  if (await mayAct(deps, resolved.deployment, ctx)) return;
  await recordAudit(deps, ctx, { ...audit, outcome: 'refused', reason: 'not an actor of this deployment' });
  throw new BotError(
    'permission_denied',
    `You may not change task instances in ${resolved.deployment.displayName}. Nothing was changed.`,
  );
}
