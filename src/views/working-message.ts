import { contextBlock } from './blocks';
import { TEXT_OBJECT_MAX } from './limits';
import type { SlackMessage } from './message';
import { escapeMrkdwn } from './mrkdwn-escape';

/** How long a "working" line may be: it is a one-liner, whatever ids it names. */
const WORKING_TEXT_MAX = 500;

/**
 * The short reply shown while the worker does the real work, e.g.
 * `workingMessage('Looking up etl / load in demo-v2')` → ":hourglass_flowing_sand: Looking up etl / load in demo-v2…".
 * `what` is plain text (it usually holds ids), so it is escaped; a trailing `…` is added when missing.
 */
export function workingMessage(what: string): SlackMessage {
  const sentence = what.endsWith('…') ? what : `${what}…`;
  const text = `:hourglass_flowing_sand: ${escapeMrkdwn(sentence, Math.min(WORKING_TEXT_MAX, TEXT_OBJECT_MAX))}`;
  return { text, blocks: [contextBlock(text)] };
}
