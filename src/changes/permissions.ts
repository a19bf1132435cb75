import type { AccessControl } from '../access/access-control';
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

/** Whether `actor` may make `change` in `deployment`: a Slack user by the deployment's `actors`, a source by its `sourceActions`. */
export async function mayChange(access: AccessControl, actor: Actor, deployment: DeploymentConfig, change: Change): Promise<boolean> {
  if (actor.kind === 'source') return sourceMay(deployment, actor.name, permissionFor(change));
  return access.canAct(deployment, { userId: actor.userId, teamId: actor.teamId, channelId: actor.channelId });
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
  const reason = actor.kind === 'slack' ? 'not an actor of this deployment' : `source lacks the ${permissionFor(change)} permission`;
  await recordAudit(deps, actor, { deployment: deployment.name, action: changeName(change), outcome: 'refused', reason, ...audit });
  throw new BotError(
    'permission_denied',
    actor.kind === 'slack'
      ? `You may not change task instances in ${deployment.displayName}. Nothing was changed.`
      : `Source ${actor.name} may not ${permissionFor(change)} task instances in deployment ${deployment.name}. Nothing was sent to Airflow.`,
  );
}
