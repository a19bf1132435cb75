import type { PendingAction } from '../protocol/interaction-types';
import { contextBlock } from './blocks';
import type { SlackMessage } from './message';
import { inlineCode } from './mrkdwn-code';

/**
 * The reply to a second Confirm of the same preview (a double click, or two people): nothing
 * more was done.
 */
export function staleConfirm(input: { pending: PendingAction }): SlackMessage {
  const text = 'This preview was already confirmed; nothing more changed.';
  return {
    text,
    blocks: [contextBlock(`:information_source: ${text} (${inlineCode(input.pending.target.taskId, 600)})`)],
  };
}
