import { ELLIPSIS } from './truncate';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes the three characters Slack's mrkdwn gives meaning to (`&`, `<`, `>`), so text from
 * Airflow or a user shows as typed and cannot form a mention (`<!channel>`) or a link.
 *
 * With `maxLength`, the escaped result is kept within it: the cut falls between characters, never
 * inside an entity such as `&amp;` or a surrogate pair, and `…` marks it.
 *
 * @example
 * escapeMrkdwn('a < b & c') // 'a &lt; b &amp; c'
 */
export function escapeMrkdwn(text: string, maxLength?: number): string {
  const escaped = text.replace(/[&<>]/g, (char) => ENTITIES[char] ?? char);
  if (maxLength === undefined || escaped.length <= maxLength) return escaped;
  return escapeWithin(text, maxLength - ELLIPSIS.length) + ELLIPSIS;
}

/** Escapes code point by code point until the next one would not fit. */
function escapeWithin(text: string, budget: number): string {
  let result = '';
  for (const char of text) {
    const piece = ENTITIES[char] ?? char;
    if (result.length + piece.length > budget) break;
    result += piece;
  }
  return result;
}
