import type { WebClient } from '@slack/web-api';
import { BotError } from '../errors';
import type { SlackMessage } from '../views/message';
import type { SlackRequestContext } from '../protocol/job';

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
  /**
   * A line in the thread of the message the request came from, when it is a channel message.
   * Best effort (the bot may not be in the channel): resolves `false` instead of throwing.
   */
  postInThread(ctx: SlackRequestContext, text: string): Promise<boolean>;
  /**
   * Uploads a file into the conversation the request came from (in the thread of the message a
   * button sat on, when it is a channel message), through Slack's external upload flow.
   */
  uploadFile(ctx: SlackRequestContext, file: UploadedFile): Promise<void>;
}

/** A file for {@link SlackReplies.uploadFile}. */
export interface UploadedFile {
  filename: string;
  title: string;
  content: Buffer;
  /** The message posted with the file. */
  comment: string;
}

export interface SlackRepliesDeps {
  fetch: typeof fetch;
  /** The bot's Web API client (its base URL is configuration, so local runs point it at loopback). */
  web: () => Promise<WebClient>;
}

/**
 * Answers go through the `response_url` Slack gave with the request: it answers slash commands,
 * and with `replace_original` it edits the message a button sat on, ephemeral or in a channel,
 * without the bot being a member of the channel. `chat.update` is only the fallback for a channel
 * message with no response URL (it works only on messages the bot posted itself).
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
      if (!ctx.responseUrl) {
        if (options.replaceOriginal && !ctx.isEphemeral && ctx.messageTs && ctx.channelId) {
          const web = await deps.web();
          await web.chat.update({ channel: ctx.channelId, ts: ctx.messageTs, text: message.text, blocks: message.blocks });
          return;
        }
        throw new BotError('internal', 'This request has nowhere to send its answer.');
      }
      await postToResponseUrl(ctx.responseUrl, {
        response_type: options.share ? 'in_channel' : 'ephemeral',
        replace_original: options.replaceOriginal,
        text: message.text,
        blocks: message.blocks,
      });
    },

    async uploadFile(ctx, file) {
      if (!ctx.channelId) throw new BotError('internal', 'This request has no conversation to upload the file to.');
      const web = await deps.web();
      try {
        const contents = { file: file.content, filename: file.filename, title: file.title, initial_comment: file.comment };
        await (!ctx.isEphemeral && ctx.messageTs
          ? web.files.uploadV2({ ...contents, channel_id: ctx.channelId, thread_ts: ctx.messageTs })
          : web.files.uploadV2({ ...contents, channel_id: ctx.channelId }));
      } catch (error) {
        throw new BotError(
          'unavailable',
          'Slack did not take the file. The bot needs the `files:write` scope and, in a channel, to be a member of it (`/invite` the bot).',
          { cause: error, details: { channel: ctx.channelId } },
        );
      }
    },

    async postInThread(ctx, text) {
      if (ctx.isEphemeral || !ctx.messageTs || !ctx.channelId) return false;
      try {
        const web = await deps.web();
        await web.chat.postMessage({ channel: ctx.channelId, thread_ts: ctx.messageTs, text });
        return true;
      } catch {
        return false;
      }
    },
  };
}
