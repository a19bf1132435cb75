import { systemClock, type Clock } from '../clock';
import type { DeploymentConfig, PrincipalSet } from '../config/types';
import { createLogger, type Logger } from '../logging/logger';
import { createGroupMembershipCache, type GroupMembershipCache, type ListUserGroupMembers } from './group-membership-cache';

export type { ListUserGroupMembers } from './group-membership-cache';

/** The Slack user asking, their workspace, and the channel the request comes from when Slack names one. */
export interface Requester {
  userId: string;
  teamId?: string;
  channelId?: string;
}

/** Who may see and who may change a deployment's task instances. */
export interface AccessControl {
  /** Anyone when the deployment has no `readers`; actors may always read. */
  canRead(deployment: DeploymentConfig, who: Requester): Promise<boolean>;
  /** Nobody when the deployment has no `actors`. */
  canAct(deployment: DeploymentConfig, who: Requester): Promise<boolean>;
}

export interface AccessControlOptions {
  /** Members of a Slack user group; see `usergroupMembersFromWebClient`. */
  listUserGroupMembers: ListUserGroupMembers;
  clock?: Clock;
  /** How long a group's member list is trusted. Default: 5 minutes. */
  ttlMs?: number;
  /** Where failed group lookups are reported. Default: a standard logger on stdout. */
  logger?: Logger;
  /**
   * The workspaces the bot serves. When given, a channel grants its permissions only to requests
   * from one of them: a channel shared with another organization (Slack Connect) keeps its id there.
   */
  teamIds?: readonly string[];
}

/** How long a user group's member list is kept when `ttlMs` is not given. */
export const DEFAULT_GROUP_MEMBERS_TTL_MS = 5 * 60 * 1000;

/**
 * Decides permissions from a deployment's `readers` and `actors`. A requester matches a principal
 * set when their user id is listed, when they are in one of its user groups, or when the request
 * comes from one of its channels. Group members are cached per group (see `ttlMs`); create one
 * instance per process so the cache survives warm invocations.
 *
 * @example
 * const access = createAccessControl({ listUserGroupMembers: usergroupMembersFromWebClient(web) });
 * if (!(await access.canAct(deployment, { userId: 'U123', channelId: 'C456' }))) refuse();
 */
export function createAccessControl(options: AccessControlOptions): AccessControl {
  const groups = createGroupMembershipCache({
    listUserGroupMembers: options.listUserGroupMembers,
    clock: options.clock ?? systemClock,
    ttlMs: options.ttlMs ?? DEFAULT_GROUP_MEMBERS_TTL_MS,
    logger: options.logger ?? createLogger(),
  });

  const inServedTeam = (who: Requester): boolean =>
    options.teamIds === undefined || options.teamIds.some((teamId) => teamId === who.teamId);

  async function canAct(deployment: DeploymentConfig, who: Requester): Promise<boolean> {
    if (deployment.actors === undefined) return false;
    return matches(deployment.actors, who, inServedTeam(who), groups);
  }

  async function canRead(deployment: DeploymentConfig, who: Requester): Promise<boolean> {
    if (deployment.readers === undefined) return true;
    if (await matches(deployment.readers, who, inServedTeam(who), groups)) return true;
    return canAct(deployment, who);
  }

  return { canRead, canAct };
}

/** Ids and channels first: they need no lookup. Groups are then asked together. */
async function matches(
  principals: PrincipalSet,
  who: Requester,
  channelCounts: boolean,
  groups: GroupMembershipCache,
): Promise<boolean> {
  if (principals.users.includes(who.userId)) return true;
  if (channelCounts && principals.channels.some((channelId) => channelId === who.channelId)) return true;
  const memberships = await Promise.all(principals.userGroups.map((groupId) => groups.isMember(groupId, who.userId)));
  return memberships.includes(true);
}
