import { messageContent, requiredMessageContent } from './message-content';
import type { StandInMessage } from './types';
import { optionalString, requiredString, WebApiError, type WebApiContext, type WebApiMethod } from './web-api-context';

/** A channel the bot may post in: a direct message, or a channel it was invited to (`not_in_channel` otherwise, as Slack says). */
function postableChannel(ctx: WebApiContext, args: Record<string, unknown>): string {
  const channel = requiredString(args, 'channel');
  if (isDirectMessage(channel)) return channel;
  if (ctx.directory.channels[channel] === undefined) throw new WebApiError('channel_not_found');
  if (!ctx.directory.botChannels.has(channel)) throw new WebApiError('not_in_channel');
  return channel;
}

/** A direct message conversation (`D…`), which a bot may always write to. */
function isDirectMessage(channel: string): boolean {
  return channel.startsWith('D');
}

/** The message object Slack returns for a message the bot posted. */
function botMessage(ctx: WebApiContext, message: StandInMessage): Record<string, unknown> {
  return {
    type: 'message',
    text: message.text,
    user: ctx.directory.bot.userId,
    bot_id: ctx.directory.bot.botId,
    app_id: ctx.directory.appId,
    team: ctx.directory.team.id,
    ts: message.ts,
    blocks: message.blocks,
    ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
  };
}

/** `chat.postMessage`: a new channel message, or a reply in a thread with `thread_ts`. */
export const postMessage: WebApiMethod = (args, ctx) => {
  const channel = postableChannel(ctx, args);
  const content = requiredMessageContent(args);
  const threadTs = optionalString(args, 'thread_ts');
  if (threadTs !== undefined && ctx.state.messageAt(channel, threadTs) === undefined) {
    throw new WebApiError('thread_not_found');
  }
  const message: StandInMessage = {
    id: ctx.ids.messageId(),
    channel,
    ts: ctx.ids.messageTs(),
    ephemeral: false,
    ...content,
    ...(threadTs === undefined ? {} : { threadTs }),
    origin: 'chat.postMessage',
    updatedSeq: ctx.seq,
  };
  ctx.state.putMessage(message);
  return { channel, ts: message.ts, message: botMessage(ctx, message) };
};

/** `chat.postEphemeral`: a message only `user` sees; it can be changed later only through a `response_url`. */
export const postEphemeral: WebApiMethod = (args, ctx) => {
  const channel = postableChannel(ctx, args);
  const user = requiredString(args, 'user');
  if (ctx.directory.users[user] === undefined) throw new WebApiError('user_not_in_channel');
  const content = requiredMessageContent(args);
  const message: StandInMessage = {
    id: ctx.ids.messageId(),
    channel,
    ts: ctx.ids.messageTs(),
    ephemeral: true,
    ...content,
    user,
    origin: 'chat.postEphemeral',
    updatedSeq: ctx.seq,
  };
  ctx.state.putMessage(message);
  return { message_ts: message.ts };
};

/**
 * `chat.update`: changes a channel message found by `channel` and `ts`. Text or blocks left out
 * are kept, as Slack does. Ephemeral messages are not found, as in Slack.
 */
export const update: WebApiMethod = (args, ctx) => {
  const channel = requiredString(args, 'channel');
  const ts = requiredString(args, 'ts');
  const existing = ctx.state.messageAt(channel, ts);
  if (existing === undefined || existing.ephemeral) throw new WebApiError('message_not_found');
  const content = messageContent(args);
  const updated: StandInMessage = {
    ...existing,
    text: content.text ?? existing.text,
    blocks: content.blocks ?? existing.blocks,
    updatedSeq: ctx.seq,
  };
  if (updated.text === '' && updated.blocks.length === 0) throw new WebApiError('no_text');
  ctx.state.putMessage(updated);
  return { channel, ts, text: updated.text, message: botMessage(ctx, updated) };
};
