import { speaksAirflow3 } from '../../airflow/dialect-detection';
import type { DeploymentConfig } from '../../config/types';
import { taskInstanceUiUrl } from '../../links/airflow-ui';
import type { HitlRequest } from '../../airflow/model';
import type { Command } from '../../protocol/command';
import type { SlackRequestContext } from '../../protocol/job';
import { errorMessage } from '../../views/error-message';
import { hitlPendingList } from '../../views/hitl-message';
import { requesterOf, requireRead, resolveDeployment } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';

/**
 * `pending [<deployment>]`: the human-in-the-loop requests waiting for an answer, each with its
 * ways to answer, in the deployment named or in every deployment the user may read. Airflow 2
 * deployments have no such requests: left out of the list, and a one-line answer when named.
 */
export async function showPending(command: Extract<Command, { name: 'pending' }>, ctx: SlackRequestContext, deps: WorkerDeps): Promise<void> {
  const options = { replaceOriginal: !command.share, share: command.share };
  let deployments: DeploymentConfig[];
  if (command.deployment !== undefined) {
    const { deployment, client } = resolveDeployment(deps, command.deployment, ctx);
    await requireRead(deps, deployment, ctx);
    if (!(await speaksAirflow3(deployment, client))) {
      await deps.replies.reply(ctx, errorMessage(`${deployment.displayName} runs Airflow 2, which has no human-in-the-loop requests.`), options);
      return;
    }
    deployments = [deployment];
  } else {
    deployments = [];
    for (const deployment of deps.registry.deployments) {
      if (await deps.access.canRead(deployment, requesterOf(ctx))) deployments.push(deployment);
    }
  }
  const lists = await Promise.all(deployments.map((deployment) => pendingOf(deps, deployment)));
  await deps.replies.reply(ctx, hitlPendingList(lists.flat()), options);
}

async function pendingOf(deps: WorkerDeps, deployment: DeploymentConfig): Promise<{ deployment: DeploymentConfig; request: HitlRequest; uiUrl: string }[]> {
  const client = deps.airflow.get(deployment.name);
  if (!(await speaksAirflow3(deployment, client))) return [];
  const requests = await client.listPendingHitl();
  return requests.map((request) => ({ deployment, request, uiUrl: taskInstanceUiUrl(deployment.uiUrl, 'v2', request.ref) }));
}
