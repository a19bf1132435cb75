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

/**
 * Turns any `<…>` in a message that is already mrkdwn (a `BotError.userMessage`, a usage text)
 * into plain text, so no value quoted in it (an id, Airflow's error detail) can form a mention, a
 * channel-wide ping or a disguised link. `&` is left alone: entities such messages already hold
 * (`&lt;task instance&gt;`) keep showing as written. The bot's messages never use `<…>` markup on
 * purpose; values that need full escaping still go through {@link escapeMrkdwn} where they are quoted.
 *
 * @example
 * defuseMrkdwn('No run "<!channel>" in `etl`') // 'No run "&lt;!channel&gt;" in `etl`'
 */
export function defuseMrkdwn(text: string): string {
  return text.replace(/[<>]/g, (char) => ENTITIES[char] ?? char);
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

/**
 * Escapes `text` and cuts the result into chunks of at most `maxLength` characters each, between
 * characters (never inside an entity or a surrogate pair), for text that may span several blocks.
 * With `maxChunks`, text beyond that many chunks is dropped and the last chunk ends with `…`.
 *
 * @example
 * escapeMrkdwnChunks('a&b', 5) // ['a', '&amp;', 'b']
 */
export function escapeMrkdwnChunks(text: string, maxLength: number, maxChunks = Number.POSITIVE_INFINITY): string[] {
  const whole = escapeMrkdwn(text);
  if (whole.length <= maxLength) return [whole];
  const chunks: string[] = [];
  let pieces: string[] = [];
  let length = 0;
  for (const char of text) {
    const piece = ENTITIES[char] ?? char;
    if (length + piece.length > maxLength) {
      if (chunks.length + 1 === maxChunks) {
        // Make room for the ellipsis by dropping whole characters.
        while (pieces.length > 0 && length + ELLIPSIS.length > maxLength) length -= pieces.pop()?.length ?? 0;
        chunks.push(pieces.join('') + ELLIPSIS);
        return chunks;
      }
      chunks.push(pieces.join(''));
      pieces = [];
      length = 0;
    }
    pieces.push(piece);
    length += piece.length;
  }
  if (pieces.length > 0) chunks.push(pieces.join(''));
  return chunks;
}
