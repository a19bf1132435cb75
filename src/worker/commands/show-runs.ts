import type { Command } from '../../protocol/command';
import { runsList } from '../../views/runs-list';
import type { SlackRequestContext } from '../../protocol/job';
import { requireRead, resolveDeployment } from '../resolve-target';
import type { ReplyMessage } from '../../slack-replies/slack-replies';
import type { WorkerDeps } from '../worker-deps';

/** `runs …`: recent runs of a DAG. */
export async function showRuns(
  command: Extract<Command, { name: 'runs' }>,
  ctx: SlackRequestContext,
  deps: WorkerDeps,
): Promise<void> {
  const message = await buildRunsList(deps, command.deployment, command.dagId, command.limit, ctx);
  await deps.replies.reply(ctx, message, { replaceOriginal: !command.share, share: command.share });
}

/** The recent runs of a DAG as `runs` shows them, once the user is found to be a reader. */
export async function buildRunsList(
  deps: WorkerDeps,
  deploymentName: string | undefined,
  dagId: string,
  limit: number,
  ctx: SlackRequestContext,
): Promise<ReplyMessage> {
  const { deployment, client } = resolveDeployment(deps, deploymentName, ctx);
  await requireRead(deps, deployment, ctx);
  const runs = await client.recentRuns(dagId, limit);
  return runsList({
    deployment: { name: deployment.name, displayName: deployment.displayName },
    dagId,
    runs,
    now: new Date(deps.clock()),
  });
}
