import { sectionBlock } from './blocks';
import { FALLBACK_TEXT_MAX } from './limits';
import type { SlackMessage } from './message';
import { truncate } from './truncate';

/**
 * An action that was not done, and why. `reason` is a `BotError.userMessage` or written like one:
 * shown as it is (mrkdwn allowed), only cut to fit.
 *
 * @example
 * actionRefused({ reason: 'You may not change task instances in *prod*.' })
 */
export function actionRefused(input: { reason: string }): SlackMessage {
  const text = truncate(`:no_entry: Not done: ${input.reason}`, FALLBACK_TEXT_MAX);
  return { text, blocks: [sectionBlock(text)] };
}
