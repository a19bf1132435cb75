import { sectionBlock } from './blocks';
import { FALLBACK_TEXT_MAX, SECTION_TEXT_MAX } from './limits';
import type { SlackMessage } from './message';
import { truncate } from './truncate';

/**
 * Shows a `BotError.userMessage` (or a parser's usage text). Those are written to be shown as they
 * are, mrkdwn included, so they are not escaped again: only cut to fit.
 *
 * @example
 * respond({ response_type: 'ephemeral', ...errorMessage(botError.userMessage) })
 */
export function errorMessage(userMessage: string): SlackMessage {
  const text = `:warning: ${userMessage}`;
  return {
    text: truncate(text, FALLBACK_TEXT_MAX),
    blocks: [sectionBlock(truncate(text, SECTION_TEXT_MAX))],
  };
}
