import { escapeMrkdwn, escapeMrkdwnChunks } from './mrkdwn-escape';

const FENCE = '```';
const ZERO_WIDTH_SPACE = '\u200b';
/** Looks like a backtick but does not end an inline code span. */
const GRAVE_LOOKALIKE = '\u02cb';

/**
 * Shows an id as inline code (`` `etl_daily` ``), escaped. A backtick would end the span, so it
 * is shown as a look-alike; a line break would too, so it becomes a space.
 *
 * @example
 * inlineCode('a<b') // '`a&lt;b`'
 */
export function inlineCode(text: string, maxLength?: number): string {
  const safe = text.replace(/`/g, GRAVE_LOOKALIKE).replace(/[\r\n]+/g, ' ');
  return `\`${escapeMrkdwn(safe, maxLength === undefined ? undefined : maxLength - 2)}\``;
}

/**
 * Breaks up every run of backticks with zero-width spaces, so text inside a ``` block can never
 * close it early: `` ``` `` becomes `` `\u200b`\u200b` ``, which reads the same.
 */
export function neutraliseBackticks(text: string): string {
  return text.replace(/`(?=`)/g, `\`${ZERO_WIDTH_SPACE}`);
}

/**
 * Lays out lines as one or more ``` code blocks, each at most `maxLength` characters including its
 * fences, escaped for mrkdwn and safe from backticks. A line longer than a block is split over
 * several (between characters, never inside an entity or a surrogate pair).
 *
 * @example
 * codeBlocks(['line 1', 'line 2'], 3000) // ['```\nline 1\nline 2\n```']
 */
export function codeBlocks(lines: readonly string[], maxLength: number): string[] {
  const budget = maxLength - (FENCE.length * 2 + 2);
  if (budget < 6) throw new RangeError(`A code block needs more than ${maxLength} characters`);
  const bodies: string[] = [];
  let current: string[] = [];
  let currentLength = -1; // the first line brings no separating newline

  const flush = (): void => {
    if (current.length > 0) bodies.push(current.join('\n'));
    current = [];
    currentLength = -1;
  };

  for (const line of lines) {
    for (const piece of escapeMrkdwnChunks(neutraliseBackticks(line), budget)) {
      if (currentLength + 1 + piece.length > budget) flush();
      current.push(piece);
      currentLength += 1 + piece.length;
    }
  }
  flush();
  // Slack shows an empty fence pair as literal backticks; a lone space keeps the block a block.
  return bodies.map((body) => `${FENCE}\n${body === '' ? ' ' : body}\n${FENCE}`);
}
