import type { Clock } from '../clock';
import type { Logger } from '../logging/logger';

/** Lists the Slack user ids in a user group (`S…`). */
export type ListUserGroupMembers = (groupId: string) => Promise<string[]>;

export interface GroupMembershipCacheOptions {
  listUserGroupMembers: ListUserGroupMembers;
  clock: Clock;
  ttlMs: number;
  /** Where failed lookups are reported. */
  logger: Logger;
}

/** Answers "is this user in this group?" from a per-group member list. */
export interface GroupMembershipCache {
  isMember(groupId: string, userId: string): Promise<boolean>;
}

interface CachedMembers {
  members: ReadonlySet<string>;
  expiresAt: number;
}

/**
 * Keeps each group's members for `ttlMs`, across requests in a warm Lambda. Concurrent checks of
 * one group share a single lookup. A failed lookup is not kept: the user counts as not a member for
 * that check only, and the next check asks Slack again.
 */
export function createGroupMembershipCache(options: GroupMembershipCacheOptions): GroupMembershipCache {
  const { listUserGroupMembers, clock, ttlMs, logger } = options;
  const cached = new Map<string, CachedMembers>();
  const inFlight = new Map<string, Promise<ReadonlySet<string> | undefined>>();

  async function lookUp(groupId: string): Promise<ReadonlySet<string> | undefined> {
    try {
      const members = new Set(await listUserGroupMembers(groupId));
      cached.set(groupId, { members, expiresAt: clock() + ttlMs });
      return members;
    } catch (error) {
      // Only the group id and the error's own description: Slack client errors carry no token,
      // but a raw error object may hold the request it was made with.
      logger.warn({ userGroup: groupId, reason: describeFailure(error) }, 'could not list user group members');
      return undefined;
    }
  }

  function membersOf(groupId: string): Promise<ReadonlySet<string> | undefined> {
    const hit = cached.get(groupId);
    if (hit && clock() < hit.expiresAt) return Promise.resolve(hit.members);
    let pending = inFlight.get(groupId);
    if (!pending) {
      // `.finally` runs asynchronously, so the entry is always set before it is removed.
      pending = lookUp(groupId).finally(() => inFlight.delete(groupId));
      inFlight.set(groupId, pending);
    }
    return pending;
  }

  return {
    async isMember(groupId, userId) {
      const members = await membersOf(groupId);
      return members?.has(userId) ?? false;
    },
  };
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.name} (${code}): ${error.message}` : `${error.name}: ${error.message}`;
  }
  return typeof error === 'string' ? error : 'unknown error';
}
