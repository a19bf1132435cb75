import type { Command } from '../../protocol/command';
import { runsList } from '../../views/runs-list';
import type { SlackRequestContext } from '../../protocol/job';
import { requireRead, resolveDeployment } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';

/** `runs …`: recent runs of a DAG. */
export async function showRuns(
  command: Extract<Command, { name: 'runs' }>,
  ctx: SlackRequestContext,
  deps: WorkerDeps,
): Promise<void> {
  const { deployment, client } = resolveDeployment(deps, command.deployment, ctx);
  await requireRead(deps, deployment, ctx);
  const runs = await client.recentRuns(command.dagId, command.limit);
  const message = runsList({
    deployment: { name: deployment.name, displayName: deployment.displayName },
    dagId: command.dagId,
    runs,
    now: new Date(deps.clock()),
  });
  await deps.replies.reply(ctx, message, { replaceOriginal: !command.share, share: command.share });
}
