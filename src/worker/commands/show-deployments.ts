import { DEFAULT_PROBE_TIMEOUT_MS, probeDeployment } from '../../airflow/deployment-probe';
import type { Command } from '../../protocol/command';
import { deploymentsList } from '../../views/deployments-list';
import type { SlackRequestContext } from '../../protocol/job';
import { requesterOf } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';

/**
 * `deployments`: each deployment the user may read, asked now and all at once (never a version
 * remembered from earlier): reachable with its version, unreachable, or credentials rejected.
 */
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
    visible.map(async (deployment) => ({
      name: deployment.name,
      displayName: deployment.displayName,
      ...(await probeDeployment(deps.airflow.get(deployment.name), { timeoutMs: DEFAULT_PROBE_TIMEOUT_MS })),
    })),
  );
  await deps.replies.reply(ctx, deploymentsList({ deployments: rows }), {
    replaceOriginal: !command.share,
    share: command.share,
  });
}
