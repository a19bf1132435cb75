/** A text to find in raw bytes; `caseBlind` matches its ASCII letters in either case. */
export interface ScanLiteral {
  text: string;
  caseBlind?: boolean;
}

/** What a stretch of raw bytes holds in the way of line ends; the pairs only from a scanner made to count them. */
export interface LineCounts {
  newlines: number;
  /** Newlines followed by another: blank lines. */
  doubleNewlines?: number;
  /** A backslash followed by `n`: a newline escaped inside a JSON string, or one escaped twice. */
  escapedNewlines?: number;
}

export interface ByteScanOptions {
  /** Count blank lines and escaped newlines too (NDJSON). */
  pairs?: boolean;
}

/** Searches and counts over raw bytes, whatever their size. */
export interface ByteScanner {
  /** Whether any of the scanner's literals occurs in `bytes`. */
  findsAny(bytes: Uint8Array): boolean;
  /** The line ends in `bytes`. */
  countLines(bytes: Uint8Array): LineCounts;
  /** Whether any literal occurs in `bytes` (`'found'`), else their line ends. */
  scan(bytes: Uint8Array): LineCounts | 'found';
  /** The longest literal, in bytes: how much of two neighbouring chunks one split across them takes. */
  readonly longestLiteral: number;
}

/**
 * The line ends of `start`, from those of `whole` (which is `start` followed by `end`) and of `end`:
 * a pair across the seam counts in `whole` only.
 */
export function lineCountsWithoutEnd(whole: LineCounts, start: Uint8Array, end: Uint8Array, endCounts: LineCounts): LineCounts {
  const newlines = whole.newlines - endCounts.newlines;
  if (whole.doubleNewlines === undefined || whole.escapedNewlines === undefined) return { newlines };
  if (endCounts.doubleNewlines === undefined || endCounts.escapedNewlines === undefined) throw new TypeError('Line counts with pairs and without do not mix');
  const last = start.length > 0 ? start[start.length - 1] : undefined;
  const first = end.length > 0 ? end[0] : undefined;
  return {
    newlines,
    doubleNewlines: whole.doubleNewlines - endCounts.doubleNewlines - (last === NEWLINE && first === NEWLINE ? 1 : 0),
    escapedNewlines: whole.escapedNewlines - endCounts.escapedNewlines - (last === BACKSLASH && first === LETTER_N ? 1 : 0),
  };
}

const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const LETTER_N = 0x6e;

/**
 * A scanner for `literals` made of Node's own searches: `Buffer.includes` for each exact literal,
 * one case-insensitive regular expression for the case-blind ones over the bytes read one
 * character a byte, and `Buffer.indexOf` for line ends.
 *
 * @throws RangeError when there are no literals, or a case-blind one is not ASCII.
 *
 * @example
 * const scanner = byteScanner([{ text: 'ERROR' }, { text: '"critical"', caseBlind: true }]);
 * scanner.findsAny(chunk);
 */
export function byteScanner(literals: readonly ScanLiteral[], options: ByteScanOptions = {}): ByteScanner {
  if (literals.length === 0) throw new RangeError('A byte scanner needs at least one literal');
  for (const literal of literals) {
    if (literal.text === '') throw new RangeError('A literal is not empty');
    // The bytes are read one character a byte, and only ASCII letters match in either case.
    if (literal.caseBlind && [...literal.text].some((character) => character.charCodeAt(0) > 0x7f)) throw new RangeError(`A case-blind literal is ASCII: ${JSON.stringify(literal.text)}`);
  }
  return new BufferByteScanner(literals, options);
}

class BufferByteScanner implements ByteScanner {
  private readonly exact: Buffer[];
  private readonly caseBlind: RegExp | undefined;
  readonly longestLiteral: number;

  constructor(
    literals: readonly ScanLiteral[],
    private readonly options: ByteScanOptions,
  ) {
    this.exact = literals.filter((literal) => !literal.caseBlind).map((literal) => Buffer.from(literal.text));
    const caseBlind = literals.filter((literal) => literal.caseBlind).map((literal) => escapeRegExp(literal.text));
    // Without the `u` flag, `i` folds no character above 127 onto an ASCII one: ASCII letters alone match either case.
    this.caseBlind = caseBlind.length === 0 ? undefined : new RegExp(caseBlind.join('|'), 'i');
    this.longestLiteral = Math.max(...literals.map((literal) => Buffer.byteLength(literal.text)));
  }

  findsAny(bytes: Uint8Array): boolean {
    const buffer = asBuffer(bytes);
    if (this.exact.some((literal) => buffer.includes(literal))) return true;
    // One character a byte: a regular expression on the text is far faster than lower-casing it first.
    return this.caseBlind !== undefined && this.caseBlind.test(buffer.toString('latin1'));
  }

  scan(bytes: Uint8Array): LineCounts | 'found' {
    return this.findsAny(bytes) ? 'found' : this.countLines(bytes);
  }

  countLines(bytes: Uint8Array): LineCounts {
    const buffer = asBuffer(bytes);
    const newlines = occurrences(buffer, NEWLINE);
    if (!this.options.pairs) return { newlines };
    return { newlines, doubleNewlines: occurrences(buffer, DOUBLE_NEWLINE), escapedNewlines: occurrences(buffer, ESCAPED_NEWLINE) };
  }
}

// Searched for as a byte and as Buffers: a string needle is converted again on every call, ten times slower.
const DOUBLE_NEWLINE = Buffer.from('\n\n');
const ESCAPED_NEWLINE = Buffer.from('\\n');

/** How often `needle` occurs in `buffer`, overlaps included. */
function occurrences(buffer: Buffer, needle: number | Buffer): number {
  let count = 0;
  for (let at = buffer.indexOf(needle); at !== -1; at = buffer.indexOf(needle, at + 1)) count += 1;
  return count;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
