/** One word of a command, with where it sits in the text (so free text can be cut out as typed). */
export interface Token {
  /** The word with wrapping quotes (straight or typographic) removed. */
  value: string;
  /** The word exactly as typed. */
  raw: string;
  /** Offset of the first character of `raw` in the text. */
  start: number;
  /** Offset just past the last character of `raw`. */
  end: number;
}

// Typographic quotes come from phones and autocorrect; ids never contain quotes, so they are dropped.
const WRAPPING_QUOTES = /^["'“”„‘’‚«»]+|["'“”„‘’‚«»]+$/g;

/**
 * Splits text at any run of whitespace (including non-breaking spaces).
 *
 * @example
 * tokenize('ti  “etl” latest').map((token) => token.value); // ['ti', 'etl', 'latest']
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/\S+/gu)) {
    const raw = match[0];
    const value = raw.replace(WRAPPING_QUOTES, '');
    if (value === '') continue;
    tokens.push({ value, raw, start: match.index, end: match.index + raw.length });
  }
  return tokens;
}
