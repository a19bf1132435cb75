import { MESSAGE_TEXT_MAX } from '../../src/views/limits';
import { checkBlockKit } from './slack-rules';
import { WebApiError } from './web-api-context';

export interface MessageContent {
  text?: string;
  blocks?: unknown[];
}

/**
 * Reads `text` and `blocks` as Slack does, refusing blocks that are not Block Kit or break one of
 * its limits (`invalid_blocks`) and text that is too long (`msg_too_long`).
 */
export function messageContent(args: Record<string, unknown>): MessageContent {
  const content: MessageContent = {};
  if (typeof args.text === 'string') {
    if (args.text.length > MESSAGE_TEXT_MAX) throw new WebApiError('msg_too_long');
    content.text = args.text;
  }
  if (args.blocks !== undefined) content.blocks = checkBlockKit(args.blocks, 'message');
  return content;
}

/** Text or blocks, at least one: Slack's `no_text` otherwise. */
export function requiredMessageContent(args: Record<string, unknown>): { text: string; blocks: unknown[] } {
  const content = messageContent(args);
  const blocks = content.blocks ?? [];
  if ((content.text ?? '') === '' && blocks.length === 0) throw new WebApiError('no_text');
  return { text: content.text ?? '', blocks };
}
