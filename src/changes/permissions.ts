import type { AccessControl } from '../access/access-control';
import type { HitlRequest } from '../airflow/model';
import type { DeploymentConfig, SourceAction } from '../config/types';
import { BotError } from '../errors';
import { changeName, permissionFor, type Actor, type Change } from './change';
import { recordAudit, type RecordAuditDeps } from './record-audit';
import type { TaskInstanceAddress } from '../protocol/interaction-types';

/**
 * Whether the webhook source `sourceName` may take `permission` on `deployment`: only what the
 * deployment's `sourceActions` grants that source by name. Nothing is granted by default.
 *
 * @example
 * sourceMay(prod, 'dq-monitor', 'mark'); // true when prod has `sourceActions: { dq-monitor: [mark] }`
 */
export function sourceMay(deployment: DeploymentConfig, sourceName: string, permission: SourceAction): boolean {
  return (deployment.sourceActions?.[sourceName] ?? []).includes(permission);
}

/**
 * Whether `actor` may make `change` in `deployment`: a Slack user by the deployment's `actors`, a
 * source by its `sourceActions`. An acknowledgement is a reader's (any reader may say "I am on
 * it"); taking one back is the acknowledger's own, or an actor's. Sources never acknowledge.
 */
export async function mayChange(access: AccessControl, actor: Actor, deployment: DeploymentConfig, change: Change): Promise<boolean> {
  if (actor.kind === 'source') {
    const permission = permissionFor(change);
    return permission !== undefined && sourceMay(deployment, actor.name, permission);
  }
  const who = { userId: actor.userId, teamId: actor.teamId, channelId: actor.channelId };
  if (change.kind === 'acknowledge') return access.canRead(deployment, who);
  if (change.kind === 'unacknowledge' && change.userId === actor.userId) return access.canRead(deployment, who);
  return access.canAct(deployment, who);
}

/** Why a Slack user was refused, for the trail and for them. */
function slackRefusal(userId: string, change: Change, deployment: DeploymentConfig): { reason: string; message: string } {
  if (change.kind === 'acknowledge' || (change.kind === 'unacknowledge' && change.userId === userId)) {
    return {
      reason: 'not a reader of this deployment',
      message: `You may not read ${deployment.displayName} from Slack, so you cannot acknowledge its alerts. Ask its owners to add you.`,
    };
  }
  if (change.kind === 'unacknowledge') {
    return {
      reason: 'not the acknowledger nor an actor of this deployment',
      message: `Only the person who acknowledged, or an actor of ${deployment.displayName}, may take an acknowledgement back. Nothing was changed.`,
    };
  }
  if (change.kind === 'answer') {
    return {
      reason: 'not an actor of this deployment',
      message: `You may not answer requests of ${deployment.displayName} from Slack (only its actors may). Nothing was sent to Airflow.`,
    };
  }
  return { reason: 'not an actor of this deployment', message: `You may not change task instances in ${deployment.displayName}. Nothing was changed.` };
}

/**
 * Why the Slack user `userId` may not answer `request`, or `undefined` when they may: a request
 * with `assigned_users` is answered only by the Slack users the registry's `airflowUsers` maps to
 * one of them (by its id or its name). Airflow records the bot's own user as the responder, so
 * this is the check that keeps the assignment meaningful. Actors are checked before this.
 *
 * @example
 * hitlRespondentRefusal(prod, 'U024BE7LH', request); // undefined when prod maps U024BE7LH to an assigned user
 */
export function hitlRespondentRefusal(
  deployment: DeploymentConfig,
  userId: string,
  request: Pick<HitlRequest, 'assignedUsers'>,
): { reason: string; message: string } | undefined {
  if (request.assignedUsers.length === 0) return undefined;
  const mapped = deployment.airflowUsers?.[userId];
  if (mapped !== undefined && request.assignedUsers.some((user) => user.id === mapped || user.name === mapped)) return undefined;
  const assigned = request.assignedUsers.map((user) => user.name || user.id).join(', ');
  if (mapped === undefined) {
    return {
      reason: 'no Airflow user mapped to this Slack user',
      message: `Only ${assigned} may answer this request, and your Slack user is not mapped to an Airflow user. Nothing was sent to Airflow: ask the bot's operators to add you to \`airflowUsers\` of ${deployment.name} in the deployments registry.`,
    };
  }
  return {
    reason: `mapped Airflow user ${mapped} is not assigned`,
    message: `Only ${assigned} may answer this request; your Slack user is mapped to the Airflow user ${mapped} (\`airflowUsers\` of ${deployment.name} in the deployments registry). Nothing was sent to Airflow.`,
  };
}

/**
 * The first step of every change (and of a preview): refuses, records and says so when the actor
 * may not make it. Nothing has been sent to Airflow when this refuses.
 *
 * @throws `BotError('permission_denied')`.
 */
export async function requireChange(
  deps: RecordAuditDeps & { access: AccessControl },
  actor: Actor,
  deployment: DeploymentConfig,
  change: Change,
  audit: { target: TaskInstanceAddress | string; previewId?: string; requestId?: string },
): Promise<void> {
  if (await mayChange(deps.access, actor, deployment, change)) return;
  const permission = permissionFor(change) ?? changeName(change);
  const refusal =
    actor.kind === 'slack'
      ? slackRefusal(actor.userId, change, deployment)
      : {
          reason: `source lacks the ${permission} permission`,
          message: `Source ${actor.name} may not ${permission} task instances in deployment ${deployment.name}. Nothing was sent to Airflow.`,
        };
  await recordAudit(deps, actor, { deployment: deployment.name, action: changeName(change), outcome: 'refused', reason: refusal.reason, ...audit });
  throw new BotError('permission_denied', refusal.message);
}
