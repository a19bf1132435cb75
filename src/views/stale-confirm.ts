import type { PendingAction } from '../protocol/interaction-types';
import { contextBlock } from './blocks';
import type { SlackMessage } from './message';
import { inlineCode } from './mrkdwn-code';

const TEXTS = {
  claimed: 'This preview was already confirmed or cancelled; nothing more changed.',
  expired: 'This preview has expired, so nothing was changed. Preview the action again.',
} as const;

/**
 * The reply to a Confirm (or Cancel) of a preview that can no longer be used: already used (a
 * double click, or two people), or expired. Nothing was done.
 */
export function staleConfirm(input: { pending: PendingAction; reason?: keyof typeof TEXTS }): SlackMessage {
  const text = TEXTS[input.reason ?? 'claimed'];
  return {
    text,
    blocks: [contextBlock(`:information_source: ${text} (${inlineCode(input.pending.target.taskId, 600)})`)],
  };
}
