import type { WebClient } from '@slack/web-api';
import { BotError } from '../errors';
import type { SlackMessage } from '../views/message';
import type { SlackRequestContext } from './job';

/** A message as the views build it. */
export type ReplyMessage = SlackMessage;

export interface ReplyOptions {
  /** Replace the message the request came from (the "working…" reply, or the card). */
  replaceOriginal: boolean;
  /** Post in the channel for everyone instead of to the user alone. */
  share?: boolean;
}

/** How the worker answers in Slack. */
export interface SlackReplies {
  reply(ctx: SlackRequestContext, message: ReplyMessage, options: ReplyOptions): Promise<void>;
  /** A line in the thread of the message the request came from, when it is a channel message. */
  postInThread(ctx: SlackRequestContext, text: string): Promise<void>;
}

export interface SlackRepliesDeps {
  fetch: typeof fetch;
  /** The bot's Web API client (its base URL is configuration, so local runs point it at loopback). */
  web: () => Promise<WebClient>;
}

/**
 * Channel messages are edited with `chat.update`; ephemeral ones can only be changed through the
 * `response_url` Slack gave with the request, which is also how slash commands are answered.
 */
export function createSlackReplies(deps: SlackRepliesDeps): SlackReplies {
  async function postToResponseUrl(url: string, body: Record<string, unknown>): Promise<void> {
    const response = await deps.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      const detail = (await response.text().catch(() => '')).slice(0, 100);
      throw new BotError('unavailable', 'Slack did not accept the reply (the response URL may have expired).', {
        details: { status: response.status, detail },
      });
    }
  }

  return {
    async reply(ctx, message, options) {
      const editsChannelMessage = options.replaceOriginal && !ctx.isEphemeral && ctx.messageTs && ctx.channelId;
      if (editsChannelMessage) {
        const web = await deps.web();
        await web.chat.update({ channel: ctx.channelId!, ts: ctx.messageTs!, text: message.text, blocks: message.blocks });
        return;
      }
      if (!ctx.responseUrl) {
        throw new BotError('internal', 'This request has nowhere to send its answer.');
      }
      await postToResponseUrl(ctx.responseUrl, {
        response_type: options.share ? 'in_channel' : 'ephemeral',
        replace_original: options.replaceOriginal,
        text: message.text,
        blocks: message.blocks,
      });
    },

    async postInThread(ctx, text) {
      if (ctx.isEphemeral || !ctx.messageTs || !ctx.channelId) return;
      const web = await deps.web();
      await web.chat.postMessage({ channel: ctx.channelId, thread_ts: ctx.messageTs, text });
    },
  };
}
