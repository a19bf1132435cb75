/** The mark put where a line was cut short. */
export const CUT_MARKER = '…';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Shortens `line` to at most `maxLength` UTF-16 code units, ending with `…` when cut. Cuts only
 * between graphemes, so no surrogate pair, emoji sequence or accented letter is split.
 *
 * @example
 * cutLine('a👍🏽b', 4); // 'a…' (the thumbs-up with its skin tone is one grapheme of 4 units)
 */
export function cutLine(line: string, maxLength: number): string {
  if (line.length <= maxLength) return line;
  if (maxLength < CUT_MARKER.length) return '';
  const room = maxLength - CUT_MARKER.length;
  let kept = 0;
  // One unit past the limit is enough to look at: the grapheme that crosses it is dropped anyway.
  for (const { segment } of graphemes.segment(line.slice(0, maxLength + 1))) {
    if (kept + segment.length > room) break;
    kept += segment.length;
  }
  return line.slice(0, kept) + CUT_MARKER;
}
