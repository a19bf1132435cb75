import { defaultDeploymentForChannel, findDeployment } from '../config/deployments';
import type { DeploymentConfig } from '../config/types';
import { BotError } from '../errors';
import type { TaskInstanceTarget } from '../protocol/command';
import type { Actor } from '../changes/change';
import { recordAudit } from '../changes/record-audit';
import { resolveRunId, type DeploymentAccess, type ResolvedTaskInstance } from '../changes/target';
import type { TaskInstanceAddress } from '../protocol/interaction-types';
import type { SlackRequestContext } from '../protocol/job';
import type { Requester } from '../access/access-control';
import { escapeMrkdwn } from '../views/mrkdwn-escape';
import type { WorkerDeps } from './worker-deps';

/** The named deployment, or the channel's default when the user left the name out. */
export function resolveDeployment(deps: WorkerDeps, name: string | undefined, ctx: SlackRequestContext): DeploymentAccess {
  const deployment =
    name === undefined
      ? ctx.channelId === undefined
        ? undefined
        : defaultDeploymentForChannel(deps.registry, ctx.channelId)
      : findDeployment(deps.registry, name);
  if (!deployment) {
    if (name !== undefined) {
      throw new BotError('not_found', `No deployment is named "${escapeMrkdwn(name)}". \`${deps.slashCommand} deployments\` lists them.`);
    }
    throw new BotError(
      'usage',
      `This channel has no default deployment, so name one: \`${deps.slashCommand} ti <deployment> <dag_id> <run> <task_id>\`.`,
    );
  }
  return { deployment, client: deps.airflow.get(deployment.name) };
}

/** Who asks and from where, as the permission check sees it: the workspace counts for channels. */
export function requesterOf(ctx: SlackRequestContext): Requester {
  return { userId: ctx.userId, teamId: ctx.teamId, channelId: ctx.channelId };
}

/** The Slack user a request came from, as the change service and the audit trail name an actor. */
export function slackActor(ctx: SlackRequestContext): Extract<Actor, { kind: 'slack' }> {
  return {
    kind: 'slack',
    userId: ctx.userId,
    ...(ctx.userName === undefined ? {} : { userName: ctx.userName }),
    ...(ctx.teamId === undefined ? {} : { teamId: ctx.teamId }),
    ...(ctx.channelId === undefined ? {} : { channelId: ctx.channelId }),
  };
}

/** Refuses (with a clear message) a user who may not read this deployment. */
export async function requireRead(deps: WorkerDeps, deployment: DeploymentConfig, ctx: SlackRequestContext): Promise<void> {
  if (!(await deps.access.canRead(deployment, requesterOf(ctx)))) {
    await recordAudit(deps, slackActor(ctx), {
      deployment: deployment.name,
      action: 'read',
      target: deployment.name,
      outcome: 'refused',
      reason: 'not a reader of this deployment',
    });
    throw new BotError('permission_denied', `You may not read ${deployment.displayName} from Slack. Ask its owners to add you.`);
  }
}

/** Whether the user may change task instances of this deployment. */
export function mayAct(deps: WorkerDeps, deployment: DeploymentConfig, ctx: SlackRequestContext): Promise<boolean> {
  return deps.access.canAct(deployment, requesterOf(ctx));
}

/** Turns what the user typed into a task-instance reference, asking Airflow for `latest` or a date. */
export async function resolveTaskInstance(
  deps: WorkerDeps,
  target: TaskInstanceTarget,
  ctx: SlackRequestContext,
): Promise<ResolvedTaskInstance> {
  const access = resolveDeployment(deps, target.deployment, ctx);
  await requireRead(deps, access.deployment, ctx);
  const runId = await resolveRunId(access.client, target.dagId, target.run);
  return { ...access, ref: { dagId: target.dagId, runId, taskId: target.taskId, mapIndex: target.mapIndex } };
}

/** The same for a button's address, which already names the deployment and the run. */
export async function resolveAddress(
  deps: WorkerDeps,
  address: TaskInstanceAddress,
  ctx: SlackRequestContext,
): Promise<ResolvedTaskInstance> {
  const access = resolveDeployment(deps, address.deployment, ctx);
  await requireRead(deps, access.deployment, ctx);
  const { dagId, runId, taskId, mapIndex } = address;
  return { ...access, ref: { dagId, runId, taskId, mapIndex } };
}
