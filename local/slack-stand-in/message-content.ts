import { WebApiError } from './web-api-context';

/** Slack's limits on a message, enforced so a message Slack would refuse is refused here too. */
const MAX_BLOCKS = 50;
const MAX_TEXT = 40_000;

export interface MessageContent {
  text?: string;
  blocks?: unknown[];
}

/**
 * Reads `text` and `blocks` as Slack does, refusing blocks that are not a list of typed objects
 * (`invalid_blocks`) and text that is too long (`msg_too_long`).
 */
export function messageContent(args: Record<string, unknown>): MessageContent {
  const content: MessageContent = {};
  if (typeof args.text === 'string') {
    if (args.text.length > MAX_TEXT) throw new WebApiError('msg_too_long');
    content.text = args.text;
  }
  if (args.blocks !== undefined) content.blocks = checkedBlocks(args.blocks);
  return content;
}

/** Text or blocks, at least one: Slack's `no_text` otherwise. */
export function requiredMessageContent(args: Record<string, unknown>): { text: string; blocks: unknown[] } {
  const content = messageContent(args);
  const blocks = content.blocks ?? [];
  if ((content.text ?? '') === '' && blocks.length === 0) throw new WebApiError('no_text');
  return { text: content.text ?? '', blocks };
}

function checkedBlocks(blocks: unknown): unknown[] {
  const typed = (block: unknown) =>
    typeof block === 'object' && block !== null && typeof (block as { type?: unknown }).type === 'string';
  if (!Array.isArray(blocks) || !blocks.every(typed)) {
    throw new WebApiError('invalid_blocks', ['[ERROR] blocks must be a list of block objects with a type']);
  }
  if (blocks.length > MAX_BLOCKS) {
    throw new WebApiError('invalid_blocks', [`[ERROR] no more than ${MAX_BLOCKS} items allowed [json-pointer:/blocks]`]);
  }
  return blocks;
}
