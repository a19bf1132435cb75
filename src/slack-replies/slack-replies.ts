import type { WebClient } from '@slack/web-api';
import { BotError } from '../errors';
import type { SlackMessage } from '../views/message';
import type { SlackRequestContext } from '../protocol/job';
import { isAllowedResponseUrl } from './response-url-hosts';
import { DEFAULT_RATE_LIMIT_POLICY, RateLimitedError, rateLimitWaitMs, retryAfterMs, retryRateLimited, type RateLimitPolicy } from './rate-limit';

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
  /** Origins accepted as `response_url` besides Slack's hosts: the local stand-in. */
  responseUrlOrigins?: readonly string[];
  /** How Slack's 429s are waited out; tests pass one that does not really sleep. */
  rateLimit?: RateLimitPolicy;
}

/** What Slack answers on a `response_url` that is past its 30 minutes or its five uses. */
const SPENT_URL_ANSWERS = ['expired_url', 'used_url'];

/**
 * Answers go through the `response_url` Slack gave with the request: it answers slash commands,
 * and with `replace_original` it edits the message a button sat on, ephemeral or in a channel,
 * without the bot being a member of the channel. `chat.update` is only the fallback for a channel
 * message with no response URL (it works only on messages the bot posted itself).
 *
 * Only URLs on Slack's hosts are posted to. A 429 is waited out within a budget; a spent URL
 * (expired or used up) falls back to an ephemeral message to the user in the channel.
 */
export function createSlackReplies(deps: SlackRepliesDeps): SlackReplies {
  const policy = deps.rateLimit ?? DEFAULT_RATE_LIMIT_POLICY;

  async function postOnce(url: string, body: Record<string, unknown>): Promise<'ok' | 'spent'> {
    const response = await deps.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      // A redirect would take the answer to a host nobody checked.
      redirect: 'error',
    });
    const text = (await response.text().catch(() => '')).slice(0, 100);
    if (response.status === 429) throw new RateLimitedError(retryAfterMs(response.headers.get('retry-after')), 'response_url');
    if (response.ok) return 'ok';
    if (SPENT_URL_ANSWERS.includes(text.trim())) return 'spent';
    throw new BotError('unavailable', 'Slack did not accept the reply (the response URL may have expired).', {
      details: { status: response.status, detail: text },
    });
  }

  async function postToResponseUrl(ctx: SlackRequestContext, url: string, message: ReplyMessage, options: ReplyOptions): Promise<void> {
    if (!isAllowedResponseUrl(url, deps.responseUrlOrigins)) {
      throw new BotError('invalid', "This request's reply address is not Slack's, so nothing was sent to it.", {
        details: { host: safeHost(url) },
      });
    }
    const body = {
      response_type: options.share ? 'in_channel' : 'ephemeral',
      replace_original: options.replaceOriginal,
      text: message.text,
      blocks: message.blocks,
    };
    const outcome = await rateLimited(() => postOnce(url, body));
    if (outcome === 'spent') await postEphemeralInstead(ctx, message);
  }

  /** The answer still reaches the user when the click's response URL is spent (30 minutes, 5 uses). */
  async function postEphemeralInstead(ctx: SlackRequestContext, message: ReplyMessage): Promise<void> {
    const spent = new BotError(
      'unavailable',
      'This message is too old to be updated (Slack allows 30 minutes). Run the command again for a fresh one.',
    );
    if (ctx.channelId === undefined) throw spent;
    try {
      const web = await deps.web();
      await rateLimited(() =>
        web.chat.postEphemeral({ channel: ctx.channelId!, user: ctx.userId, text: message.text, blocks: message.blocks }),
      );
    } catch (error) {
      throw new BotError('unavailable', spent.userMessage, { cause: error });
    }
  }

  async function rateLimited<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await retryRateLimited(call, policy);
    } catch (error) {
      if (rateLimitWaitMs(error) === undefined) throw error;
      throw new BotError('unavailable', 'Slack is limiting how fast the bot may answer. Wait a minute, then press Refresh or run the command again.', {
        cause: error,
      });
    }
  }

  return {
    async reply(ctx, message, options) {
      if (!ctx.responseUrl) {
        if (options.replaceOriginal && !ctx.isEphemeral && ctx.messageTs && ctx.channelId) {
          const web = await deps.web();
          const { channelId, messageTs } = ctx;
          await rateLimited(() => web.chat.update({ channel: channelId, ts: messageTs, text: message.text, blocks: message.blocks }));
          return;
        }
        throw new BotError('internal', 'This request has nowhere to send its answer.');
      }
      await postToResponseUrl(ctx, ctx.responseUrl, message, options);
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

/** The host alone, for the log: the rest of a response URL is a credential. */
function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'unreadable';
  }
}
