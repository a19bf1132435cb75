import type { Command } from '../../protocol/command';
import type { SlackRequestContext } from '../../protocol/job';
import { resolveTaskInstance } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';
import { buildTaskInstanceCard } from './task-instance-card';

/** `ti …`: the task-instance card. */
export async function showTaskInstance(
  command: Extract<Command, { name: 'ti' }>,
  ctx: SlackRequestContext,
  deps: WorkerDeps,
): Promise<void> {
  const resolved = await resolveTaskInstance(deps, command.target, ctx);
  const card = await buildTaskInstanceCard(deps, resolved, { ...ctx, isEphemeral: !command.share }, undefined);
  await deps.replies.reply(ctx, card, { replaceOriginal: !command.share, share: command.share });
}
