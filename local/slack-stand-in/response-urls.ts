import type { Clock } from '../../src/clock';
import { WebApiError, type WebApiContext } from './web-api-context';
import { messageContent } from './message-content';
import { RESPONSE_URL_LIFETIME_MS, RESPONSE_URL_MAX_USES } from './slack-rules';
import type { StandInMessage } from './types';

/** Where a `response_url` lives on the stand-in: `/hooks/<token>`. */
export const RESPONSE_URL_PATH = '/hooks/';

export interface ResponseUrlBinding {
  /** The message `replace_original` and `delete_original` act on: the one a button sat on. */
  messageId?: string;
  /** Where new messages go when no message is bound (a slash command's channel). */
  channelId?: string;
}

/** The answer to a post, as Slack gives it: plain text. */
export interface ResponseUrlAnswer {
  status: number;
  text: string;
}

interface Entry {
  messageId: string | undefined;
  channelId: string;
  uses: number;
  /** When the interaction that gave it happened. */
  createdAt: number;
}

/**
 * The `response_url`s the stand-in handed out and what posting to them does:
 * - `delete_original: true` deletes the bound message;
 * - `replace_original: true` replaces the bound message's text and blocks;
 * - anything else posts a new message (ephemeral unless `response_type: 'in_channel'`).
 * A URL with no bound message (a slash command's, or one whose message was deleted) binds to the
 * next message posted through it, so a later `replace_original` replaces that answer.
 * As in Slack, a URL takes five posts within 30 minutes: a sixth is `used_url`, a later one
 * `expired_url`, both `404`.
 */
export class ResponseUrls {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly defaultChannelId: string,
    private readonly clock: Clock,
  ) {}

  /**
   * Registers a new URL and returns its token.
   *
   * @throws Error when `messageId` names no message.
   */
  create(ctx: Pick<WebApiContext, 'state' | 'ids'>, bind: ResponseUrlBinding = {}): string {
    let channelId = bind.channelId ?? this.defaultChannelId;
    if (bind.messageId !== undefined) {
      const message = ctx.state.message(bind.messageId);
      if (message === undefined) throw new Error(`No message ${bind.messageId} to bind a response URL to.`);
      channelId = message.channel;
    }
    const token = ctx.ids.responseUrlToken();
    this.entries.set(token, { messageId: bind.messageId, channelId, uses: 0, createdAt: this.clock() });
    return token;
  }

  post(token: string, body: unknown, ctx: WebApiContext): ResponseUrlAnswer {
    const entry = this.entries.get(token);
    if (entry === undefined || this.clock() - entry.createdAt > RESPONSE_URL_LIFETIME_MS) return { status: 404, text: 'expired_url' };
    if (entry.uses >= RESPONSE_URL_MAX_USES) return { status: 404, text: 'used_url' };
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { status: 400, text: 'invalid_payload' };
    entry.uses += 1;
    const args = body as Record<string, unknown>;
    const bound = entry.messageId === undefined ? undefined : ctx.state.message(entry.messageId);

    if (args.delete_original === true) {
      if (bound !== undefined) ctx.state.deleteMessage(bound.id);
      return { status: 200, text: 'ok' };
    }
    let content: { text?: string; blocks?: unknown[] };
    try {
      content = messageContent(args);
    } catch (error) {
      if (error instanceof WebApiError) return { status: 400, text: error.error };
      throw error;
    }
    const text = content.text ?? '';
    const blocks = content.blocks ?? [];
    if (text === '' && blocks.length === 0) return { status: 400, text: 'no_text' };

    if (args.replace_original === true && bound !== undefined) {
      ctx.state.putMessage({ ...bound, text, blocks, updatedSeq: ctx.seq });
      return { status: 200, text: 'ok' };
    }
    const threadTs = typeof args.thread_ts === 'string' && args.thread_ts !== '' ? args.thread_ts : undefined;
    const message: StandInMessage = {
      id: ctx.ids.messageId(),
      channel: entry.channelId,
      ts: ctx.ids.messageTs(),
      ephemeral: args.response_type !== 'in_channel',
      text,
      blocks,
      ...(threadTs === undefined ? {} : { threadTs }),
      origin: 'response_url',
      updatedSeq: ctx.seq,
    };
    ctx.state.putMessage(message);
    if (bound === undefined) entry.messageId = message.id;
    return { status: 200, text: 'ok' };
  }
}
