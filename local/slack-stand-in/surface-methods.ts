import { optionalString, requiredObject, requiredString, WebApiError, type WebApiMethod } from './web-api-context';

/** Slack's limit on a Home tab's blocks. */
const HOME_BLOCKS_MAX = 100;

/**
 * `chat.unfurl`: a message named by `channel` and `ts`, or by `unfurl_id` and `source`; `unfurls`
 * maps each URL to what it shows (blocks, at most 50, or attachment fields). What the bot sends is
 * kept in the event feed, which is all the stand-in shows of it.
 */
export const unfurl: WebApiMethod = (args, ctx) => {
  const unfurlId = optionalString(args, 'unfurl_id');
  const source = optionalString(args, 'source');
  if (unfurlId === undefined || source === undefined) {
    const channel = requiredString(args, 'channel');
    requiredString(args, 'ts');
    if (ctx.directory.channels[channel] === undefined) throw new WebApiError('channel_not_found');
  } else if (source !== 'composer' && source !== 'conversations_history') {
    throw new WebApiError('invalid_source');
  }
  const unfurls = requiredObject(args, 'unfurls');
  if (Object.keys(unfurls).length === 0) throw new WebApiError('invalid_arguments', ['[ERROR] unfurls must name at least one URL']);
  for (const [url, shown] of Object.entries(unfurls)) {
    if (typeof shown !== 'object' || shown === null) throw new WebApiError('invalid_unfurls_format', [`[ERROR] ${url}: must be an object`]);
    const blocks = (shown as Record<string, unknown>).blocks;
    if (blocks !== undefined && (!Array.isArray(blocks) || blocks.length > 50)) throw new WebApiError('invalid_blocks', [`[ERROR] ${url}: blocks must be a list of at most 50`]);
  }
  return {};
};

/** `views.publish`: a user's Home tab, replaced whole at each call. */
export const publish: WebApiMethod = (args, ctx) => {
  const userId = requiredString(args, 'user_id');
  if (ctx.directory.users[userId] === undefined) throw new WebApiError('user_not_found');
  const view = requiredObject(args, 'view');
  if (view.type !== 'home') throw new WebApiError('invalid_arguments', ['[ERROR] view type must be home [json-pointer:/view/type]']);
  const blocks = view.blocks ?? [];
  if (!Array.isArray(blocks)) throw new WebApiError('invalid_arguments', ['[ERROR] blocks must be a list [json-pointer:/view/blocks]']);
  if (blocks.length > HOME_BLOCKS_MAX) throw new WebApiError('invalid_arguments', [`[ERROR] no more than ${HOME_BLOCKS_MAX} items allowed [json-pointer:/view/blocks]`]);
  return {
    view: { id: ctx.ids.viewId(), team_id: ctx.directory.team.id, type: 'home', blocks, app_id: ctx.directory.appId, bot_id: ctx.directory.bot.botId, hash: ctx.ids.viewHash() },
  };
};
