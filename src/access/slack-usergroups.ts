import type { WebClient } from '@slack/web-api';
import type { ListUserGroupMembers } from './group-membership-cache';

/**
 * The member lookup for `createAccessControl`, through Slack's `usergroups.users.list` (needs the
 * `usergroups:read` scope). A Slack error is thrown as it is; the access control treats it as "not
 * a member" and does not cache it.
 *
 * @example
 * const access = createAccessControl({ listUserGroupMembers: usergroupMembersFromWebClient(new WebClient(token)) });
 */
export function usergroupMembersFromWebClient(client: WebClient): ListUserGroupMembers {
  return async (groupId) => {
    const response = await client.usergroups.users.list({ usergroup: groupId });
    return response.users ?? [];
  };
}
