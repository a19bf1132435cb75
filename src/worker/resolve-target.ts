import type { AirflowClient, RunSelector } from '../airflow/client';
import type { TaskInstanceRef } from '../airflow/model';
import { defaultDeploymentForChannel, findDeployment } from '../config/deployments';
import type { DeploymentConfig } from '../config/types';
import { BotError } from '../errors';
import type { RunSpec, TaskInstanceTarget } from '../protocol/command';
import type { TaskInstanceAddress } from '../protocol/interaction-types';
import type { SlackRequestContext } from '../protocol/job';
import { recordAudit } from '../changes/record-audit';
import type { Requester } from '../access/access-control';
import { escapeMrkdwn } from '../views/mrkdwn-escape';
import type { WorkerDeps } from './worker-deps';

export interface DeploymentAccess {
  deployment: DeploymentConfig;
  client: AirflowClient;
}

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

/** Refuses (with a clear message) a user who may not read this deployment. */
export async function requireRead(deps: WorkerDeps, deployment: DeploymentConfig, ctx: SlackRequestContext): Promise<void> {
  if (!(await deps.access.canRead(deployment, requesterOf(ctx)))) {
    await recordAudit(deps, ctx, {
      userId: ctx.userId,
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

function toSelector(run: RunSpec): RunSelector {
  // Jobs cross a JSON boundary between functions: a date arrives as a string.
  if (run.kind === 'date') return { kind: 'date', date: new Date(run.date) };
  return run;
}

export interface ResolvedTaskInstance extends DeploymentAccess {
  ref: TaskInstanceRef;
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

/** The run id a user meant: as given, or asked of Airflow for `latest` or a logical date. */
export async function resolveRunId(client: AirflowClient, dagId: string, run: RunSpec): Promise<string> {
  return run.kind === 'id' ? run.runId : (await client.resolveRun(dagId, toSelector(run))).runId;
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

export function addressOf(deploymentName: string, ref: TaskInstanceRef, tryNumber?: number): TaskInstanceAddress {
  return { deployment: deploymentName, ...ref, ...(tryNumber === undefined ? {} : { tryNumber }) };
}
