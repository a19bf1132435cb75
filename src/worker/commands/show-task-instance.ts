import type { Command } from '../../slack/command';
import type { SlackRequestContext } from '../job';
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
