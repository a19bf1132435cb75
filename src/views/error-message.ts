import { sectionBlock } from './blocks';
import { FALLBACK_TEXT_MAX, SECTION_TEXT_MAX } from './limits';
import type { SlackMessage } from './message';
import { defuseMrkdwn } from './mrkdwn-escape';
import { truncate } from './truncate';

/**
 * Shows a `BotError.userMessage` (or a parser's usage text). Those are written as mrkdwn (code
 * spans, entities), so they are not escaped again, but any `<…>` in them is defused: they quote
 * ids and Airflow's own error detail, and neither may ping a channel or hide a link.
 *
 * @example
 * respond({ response_type: 'ephemeral', ...errorMessage(botError.userMessage) })
 */
export function errorMessage(userMessage: string): SlackMessage {
  const text = `:warning: ${defuseMrkdwn(userMessage)}`;
  return {
    text: truncate(text, FALLBACK_TEXT_MAX),
    blocks: [sectionBlock(truncate(text, SECTION_TEXT_MAX))],
  };
}
