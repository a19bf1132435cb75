import { taskInstanceUiUrl } from '../../links/airflow-ui';
import type { Command } from '../../protocol/command';
import { taskInstanceList } from '../../views/task-instance-list';
import type { SlackRequestContext } from '../../protocol/job';
import { requireRead, resolveDeployment } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';

/** How far back `failed` looks. */
const FAILED_LOOKBACK_MS = 24 * 60 * 60 * 1000;
const FAILED_LIMIT = 50;

/** `failed …`: failed and up-for-retry task instances of the last day, newest first. */
export async function showFailed(
  command: Extract<Command, { name: 'failed' }>,
  ctx: SlackRequestContext,
  deps: WorkerDeps,
): Promise<void> {
  const { deployment, client } = resolveDeployment(deps, command.deployment, ctx);
  await requireRead(deps, deployment, ctx);
  const [tis, version] = await Promise.all([
    client.listFailedTaskInstances({
      dagId: command.dagId,
      since: new Date(deps.clock() - FAILED_LOOKBACK_MS),
      limit: FAILED_LIMIT,
    }),
    client.version(),
  ]);
  const scope = command.dagId ? ` in ${command.dagId}` : '';
  const message = taskInstanceList({
    deployment: { name: deployment.name, displayName: deployment.displayName },
    title: `Failed task instances${scope} (last 24 hours)`,
    tis,
    uiUrlFor: (ti) => taskInstanceUiUrl(deployment.uiUrl, version.dialect, ti),
  });
  await deps.replies.reply(ctx, message, { replaceOriginal: !command.share, share: command.share });
}
