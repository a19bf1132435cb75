import { contextBlock } from './blocks';
import type { SlackMessage } from './message';
import { userMention } from './user-mention';

/** The reply to Cancel on a preview: nothing was changed (and by whom it was cancelled, when known). */
export function cancelled(input: { actorUserId?: string } = {}): SlackMessage {
  const by = input.actorUserId === undefined ? '' : ` by ${userMention(input.actorUserId)}`;
  const text = `Cancelled${by}. Nothing was changed.`;
  return { text, blocks: [contextBlock(`:leftwards_arrow_with_hook: ${text}`)] };
}
