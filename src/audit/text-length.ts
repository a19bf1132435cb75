/**
 * Lengths as Airflow counts them: its note limit is checked in Python characters (code points),
 * so an emoji counts once, not as its two UTF-16 units.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The number of code points in `text`. */
export function codePointLength(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    // A high surrogate followed by a low one is a single code point.
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
    }
    count += 1;
  }
  return count;
}

/**
 * The end of `text` that fits in `maxCodePoints`, cut between user-perceived characters so no
 * surrogate pair, flag or emoji sequence is split (the result may be a little shorter than allowed).
 */
export function lastCodePoints(text: string, maxCodePoints: number): string {
  if (maxCodePoints <= 0) return '';
  if (codePointLength(text) <= maxCodePoints) return text;
  const pieces = Array.from(graphemes.segment(text), (part) => part.segment);
  let kept = 0;
  let start = pieces.length;
  while (start > 0) {
    const size = codePointLength(pieces[start - 1] ?? '');
    if (kept + size > maxCodePoints) break;
    kept += size;
    start -= 1;
  }
  return pieces.slice(start).join('');
}
