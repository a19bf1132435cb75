import type { Command } from '../../protocol/command';
import { asBotError } from '../../errors';
import { deploymentsList } from '../../views/deployments-list';
import type { SlackRequestContext } from '../../protocol/job';
import { requesterOf } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';

/** `deployments`: each configured deployment, its Airflow version, and whether it answers. */
export async function showDeployments(
  command: Extract<Command, { name: 'deployments' }>,
  ctx: SlackRequestContext,
  deps: WorkerDeps,
): Promise<void> {
  const visible = [];
  for (const deployment of deps.registry.deployments) {
    if (await deps.access.canRead(deployment, requesterOf(ctx))) visible.push(deployment);
  }
  const rows = await Promise.all(
    visible.map(async (deployment) => {
      try {
        const { version } = await deps.airflow.get(deployment.name).version();
        return { name: deployment.name, displayName: deployment.displayName, version, reachable: true };
      } catch (error) {
        return {
          name: deployment.name,
          displayName: deployment.displayName,
          reachable: false,
          error: asBotError(error).userMessage,
        };
      }
    }),
  );
  await deps.replies.reply(ctx, deploymentsList({ deployments: rows }), {
    replaceOriginal: !command.share,
    share: command.share,
  });
}
