import { sectionBlock } from './blocks';
import { FALLBACK_TEXT_MAX } from './limits';
import type { SlackMessage } from './message';
import { defuseMrkdwn } from './mrkdwn-escape';
import { truncate } from './truncate';

/**
 * An action that was not done, and why. `reason` is a `BotError.userMessage` or written like one:
 * shown as mrkdwn with any `<…>` defused (see `defuseMrkdwn`), cut to fit.
 *
 * @example
 * actionRefused({ reason: 'You may not change task instances in *prod*.' })
 */
export function actionRefused(input: { reason: string }): SlackMessage {
  const text = truncate(`:no_entry: Not done: ${defuseMrkdwn(input.reason)}`, FALLBACK_TEXT_MAX);
  return { text, blocks: [sectionBlock(text)] };
}
