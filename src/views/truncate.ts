/** The mark appended to text that was cut. */
export const ELLIPSIS = '…';

/**
 * Cuts `text` to at most `maxLength` UTF-16 code units (the unit Slack's limits are checked in
 * here: it never undercounts characters), appending `…` when something was cut. A surrogate pair
 * (an emoji, a rare CJK character) is never split in half.
 *
 * @example
 * truncate('abcdef', 4) // 'abc…'
 */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  if (maxLength < 1) return '';
  let cut = text.slice(0, maxLength - ELLIPSIS.length);
  if (endsWithHighSurrogate(cut)) cut = cut.slice(0, -1);
  return cut + ELLIPSIS;
}

/** True when the last code unit is the first half of a surrogate pair. */
export function endsWithHighSurrogate(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff;
}
