import { isRecord } from './is-record';

/**
 * The bot's "working…" replies start with this emoji (see `src/views/working-message.ts`); such a
 * reply says an answer is coming, so it is not the answer.
 */
const WORKING_PREFIX = ':hourglass_flowing_sand:';

/** Whether a message body (`{ text, blocks }`) is only a "working…" reply. */
export function isWorkingMessage(body: unknown): boolean {
  return isRecord(body) && typeof body.text === 'string' && body.text.startsWith(WORKING_PREFIX);
}

/** Whether a body carries a message to show: some text or some blocks. */
export function hasMessageContent(body: unknown): boolean {
  if (!isRecord(body)) return false;
  const hasText = typeof body.text === 'string' && body.text !== '';
  const hasBlocks = Array.isArray(body.blocks) && body.blocks.length > 0;
  return hasText || hasBlocks;
}
