import { taskInstanceUiUrl } from '../../links/airflow-ui';
import { availableActions, taskInstanceCard } from '../../views/task-instance-card';
import type { SlackRequestContext } from '../../protocol/job';
import { mayAct } from '../resolve-target';
import type { ResolvedTaskInstance } from '../../changes/target';
import type { ReplyMessage } from '../../slack-replies/slack-replies';
import type { WorkerDeps } from '../worker-deps';

/** Who did what, shown on a card after an action. */
export interface CardActor {
  userId: string;
  verb: string;
}

/**
 * Reads a task instance with its tries and extra links and builds its card. Tries and links are
 * extras: if Airflow fails on them the card still shows. The action buttons are offered only to
 * someone allowed to act, and only those that make sense in the task's state.
 */
export async function buildTaskInstanceCard(
  deps: WorkerDeps,
  resolved: ResolvedTaskInstance,
  ctx: SlackRequestContext,
  actor?: CardActor,
): Promise<ReplyMessage> {
  const { client, deployment, ref } = resolved;
  const [ti, tries, extraLinks, version, canAct] = await Promise.all([
    client.getTaskInstance(ref),
    client.listTries(ref).catch(() => undefined),
    client.extraLinks(ref).catch(() => undefined),
    client.version(),
    mayAct(deps, deployment, ctx),
  ]);
  const actions = availableActions(ti.state, { tryNumber: ti.tryNumber });
  return taskInstanceCard({
    deployment: { name: deployment.name, displayName: deployment.displayName },
    ti,
    tries,
    extraLinks,
    uiUrl: taskInstanceUiUrl(deployment.uiUrl, version.dialect, ref),
    actor,
    now: deps.clock(),
    // In a shared message others may click too: their permission is checked on click.
    allowedActions: canAct || !ctx.isEphemeral ? actions : actions.filter((action) => action === 'viewLogs' || action === 'refresh'),
  });
}
