import { requiredString, WebApiError, type WebApiMethod } from './web-api-context';

/** `auth.test`: who the bot token belongs to. */
export const authTest: WebApiMethod = (_args, ctx) => ({
  url: `https://${ctx.directory.team.domain}.slack.com/`,
  team: ctx.directory.team.domain,
  user: ctx.directory.bot.name,
  team_id: ctx.directory.team.id,
  user_id: ctx.directory.bot.userId,
  bot_id: ctx.directory.bot.botId,
  is_enterprise_install: false,
});

/** `usergroups.users.list`: the members of a user group. */
export const usergroupUsers: WebApiMethod = (args, ctx) => {
  const group = requiredString(args, 'usergroup');
  const users = ctx.directory.userGroups[group];
  if (users === undefined) throw new WebApiError('no_such_subteam');
  return { users: [...users] };
};

/** `conversations.info`: a public channel of the workspace, and whether the bot is in it. */
export const conversationInfo: WebApiMethod = (args, ctx) => {
  const id = requiredString(args, 'channel');
  const name = ctx.directory.channels[id];
  if (name === undefined) throw new WebApiError('channel_not_found');
  return {
    channel: {
      id,
      name,
      name_normalized: name,
      is_channel: true,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: false,
      is_archived: false,
      is_general: false,
      is_member: ctx.directory.botChannels.has(id),
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      context_team_id: ctx.directory.team.id,
      created: 1_700_000_000,
    },
  };
};

/** `users.info`: a person in the workspace. */
export const userInfo: WebApiMethod = (args, ctx) => {
  const id = requiredString(args, 'user');
  const name = ctx.directory.users[id];
  if (name === undefined) throw new WebApiError('user_not_found');
  return {
    user: {
      id,
      team_id: ctx.directory.team.id,
      name,
      deleted: false,
      real_name: name,
      tz: ctx.directory.timeZones[id] ?? 'Etc/UTC',
      is_admin: false,
      is_owner: false,
      is_bot: false,
      is_app_user: false,
      profile: { real_name: name, display_name: name, real_name_normalized: name, display_name_normalized: name },
    },
  };
};
