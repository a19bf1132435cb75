import type { TaskAction } from '../../airflow/model';
import { logAuditEvent } from '../../audit/audit-log';
import { BotError } from '../../errors';
import type { Command } from '../../protocol/command';
import type { PendingAction } from '../../protocol/interaction-types';
import { actionPreview } from '../../views/action-preview';
import type { SlackRequestContext } from '../../protocol/job';
import { addressOf, mayAct, resolveTaskInstance, type ResolvedTaskInstance } from '../resolve-target';
import type { ReplyOptions } from '../slack-replies';
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
 * The first half of every mutation: check the user may act, ask Airflow for a dry run, and show
 * what would change with Confirm / Cancel. Nothing that mutates is sent here.
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
  const pending: PendingAction = {
    previewId: deps.newId(),
    target: addressOf(deployment.name, ref, ti.tryNumber),
    action,
    expectedState: ti.state,
    expectedTry: ti.tryNumber,
  };
  logAuditEvent(deps.logger, { ...audit, outcome: 'allowed', reason: 'previewed' });
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
  audit: Omit<Parameters<typeof logAuditEvent>[1], 'outcome'>,
): Promise<void> {
  if (await mayAct(deps, resolved.deployment, ctx)) return;
  logAuditEvent(deps.logger, { ...audit, outcome: 'refused', reason: 'not an actor of this deployment' });
  throw new BotError(
    'permission_denied',
    `You may not change task instances in ${resolved.deployment.displayName}. Nothing was changed.`,
  );
}
