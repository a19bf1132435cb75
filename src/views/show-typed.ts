/** Showing what a user typed inside a parser's mrkdwn message, safely. */

import { escapeMrkdwn } from './mrkdwn-escape';

const MAX_SHOWN_CHARS = 80;

/**
 * Shows something the user typed inside a message: shortened, escaped, and in a code span unless
 * it holds a backtick (which would end the span early).
 */
export function showTyped(text: string): string {
  const characters = Array.from(text);
  const short = characters.length > MAX_SHOWN_CHARS ? `${characters.slice(0, MAX_SHOWN_CHARS - 1).join('')}…` : text;
  const escaped = escapeMrkdwn(short);
  return short.includes('`') ? `“${escaped}”` : `\`${escaped}\``;
}
