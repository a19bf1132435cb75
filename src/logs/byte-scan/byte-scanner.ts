import { BYTE_SCAN_WASM } from './byte-scan-module';
import { fingerprintMemory, SCAN_LAYOUT, type ScanLiteral } from './literal-fingerprints';

/** What a stretch of raw bytes holds in the way of line ends; the pairs only from a scanner made to count them. */
export interface LineCounts {
  newlines: number;
  /** Newlines followed by another: blank lines. */
  doubleNewlines?: number;
  /** A backslash followed by `n`: a newline escaped inside a JSON string, or one escaped twice. */
  escapedNewlines?: number;
}

export interface ByteScanOptions {
  /** Count blank lines and escaped newlines too (NDJSON); without, `scan` counts newlines in its search pass. */
  pairs?: boolean;
}

/** Searches and counts over raw bytes, whatever their size. */
export interface ByteScanner {
  /** Whether any of the scanner's literals occurs in `bytes`. */
  findsAny(bytes: Uint8Array): boolean;
  /** The line ends in `bytes`. */
  countLines(bytes: Uint8Array): LineCounts;
  /** Whether any literal occurs in `bytes` (`'found'`), else their line ends: one copy, read twice while it is fresh. */
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

interface ByteScanExports {
  memory: WebAssembly.Memory;
  find(length: number): number;
  count_lines(length: number): number;
}

/** Bytes searched per call: the memory holds this much after the tables, and a little more. */
const WINDOW_BYTES = 1024 * 1024;

let compiled: WebAssembly.Module | null | undefined;

/**
 * A scanner for `literals`: WebAssembly with 16-byte SIMD steps (byte-scan.wat), which searches a
 * 200 MB log for all of them at once in about the time one `Buffer.includes` takes for one; plain
 * `Buffer` searches where WebAssembly SIMD is missing.
 *
 * @example
 * const scanner = byteScanner([{ text: 'ERROR' }, { text: '"critical"', caseBlind: true }]);
 * scanner.findsAny(chunk);
 */
export function byteScanner(literals: readonly ScanLiteral[], options: ByteScanOptions = {}): ByteScanner {
  const tables = fingerprintMemory(literals);
  const module = byteScanModule();
  return module ? new WasmByteScanner(module, tables, literals, options) : new PlainByteScanner(literals, options);
}

function byteScanModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = Buffer.from(BYTE_SCAN_WASM, 'base64');
    compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return compiled;
}

class WasmByteScanner implements ByteScanner {
  private readonly wasm: ByteScanExports;
  /** Where `count_lines` leaves its double and escaped newlines, and `find` the newlines it passed over. */
  private readonly wasmCounts: Int32Array;
  private readonly view: Uint8Array;
  readonly longestLiteral: number;

  constructor(
    module: WebAssembly.Module,
    tables: Uint8Array,
    literals: readonly ScanLiteral[],
    private readonly options: ByteScanOptions,
  ) {
    this.wasm = new WebAssembly.Instance(module).exports as unknown as ByteScanExports;
    // The memory never grows, so this view stays valid.
    this.view = new Uint8Array(this.wasm.memory.buffer);
    this.wasmCounts = new Int32Array(this.wasm.memory.buffer, SCAN_LAYOUT.lineCounts, 3);
    this.view.set(tables, 0);
    this.longestLiteral = longestLiteral(literals);
  }

  findsAny(bytes: Uint8Array): boolean {
    // Each window keeps the end of the one before, so a literal split between the two is still found.
    for (let start = 0; ; start += WINDOW_BYTES - (this.longestLiteral - 1)) {
      const end = Math.min(bytes.length, start + WINDOW_BYTES);
      this.view.set(bytes.subarray(start, end), SCAN_LAYOUT.data);
      if (this.wasm.find(end - start) >= 0) return true;
      if (end === bytes.length) return false;
    }
  }

  scan(bytes: Uint8Array): LineCounts | 'found' {
    if (bytes.length > WINDOW_BYTES) return this.findsAny(bytes) ? 'found' : this.countLines(bytes);
    this.view.set(bytes, SCAN_LAYOUT.data);
    // Zeros after the bytes: no newline counted past them, no pair made with them.
    this.view.fill(0, SCAN_LAYOUT.data + bytes.length, SCAN_LAYOUT.data + bytes.length + 16);
    if (this.wasm.find(bytes.length) >= 0) return 'found';
    if (!this.options.pairs) return { newlines: this.wasmCounts[2]! };
    const newlines = this.wasm.count_lines(bytes.length);
    return { newlines, doubleNewlines: this.wasmCounts[0]!, escapedNewlines: this.wasmCounts[1]! };
  }

  countLines(bytes: Uint8Array): LineCounts {
    const counts = { newlines: 0, doubleNewlines: 0, escapedNewlines: 0 };
    const found = this.wasmCounts;
    for (let start = 0; start < bytes.length; start += WINDOW_BYTES) {
      const end = Math.min(bytes.length, start + WINDOW_BYTES);
      this.view.set(bytes.subarray(start, end), SCAN_LAYOUT.data);
      // The byte after the window, so a pair across two windows counts once; past the end, none.
      this.view[SCAN_LAYOUT.data + end - start] = end < bytes.length ? bytes[end]! : 0;
      counts.newlines += this.wasm.count_lines(end - start);
      counts.doubleNewlines += found[0]!;
      counts.escapedNewlines += found[1]!;
    }
    return this.options.pairs ? counts : { newlines: counts.newlines };
  }
}

/** The same answers from `Buffer` searches: slower on a long log, and found wherever Node runs. */
export class PlainByteScanner implements ByteScanner {
  private readonly exact: Buffer[];
  private readonly caseBlind: string[];
  readonly longestLiteral: number;

  constructor(
    literals: readonly ScanLiteral[],
    private readonly options: ByteScanOptions = {},
  ) {
    this.exact = literals.filter((literal) => !literal.caseBlind).map((literal) => Buffer.from(literal.text));
    this.caseBlind = literals.filter((literal) => literal.caseBlind).map((literal) => literal.text.toLowerCase());
    this.longestLiteral = longestLiteral(literals);
  }

  findsAny(bytes: Uint8Array): boolean {
    const buffer = asBuffer(bytes);
    if (this.exact.some((literal) => buffer.includes(literal))) return true;
    if (this.caseBlind.length === 0) return false;
    // One character a byte, so a literal's ASCII letters meet theirs in either case.
    const lower = buffer.toString('latin1').toLowerCase();
    return this.caseBlind.some((literal) => lower.includes(literal));
  }

  scan(bytes: Uint8Array): LineCounts | 'found' {
    return this.findsAny(bytes) ? 'found' : this.countLines(bytes);
  }

  countLines(bytes: Uint8Array): LineCounts {
    const buffer = asBuffer(bytes);
    const newlines = occurrences(buffer, '\n');
    if (!this.options.pairs) return { newlines };
    return { newlines, doubleNewlines: occurrences(buffer, '\n\n'), escapedNewlines: occurrences(buffer, '\\n') };
  }
}

/** How often `text` occurs in `buffer`, overlaps included. */
function occurrences(buffer: Buffer, text: string): number {
  let count = 0;
  for (let at = buffer.indexOf(text); at !== -1; at = buffer.indexOf(text, at + 1)) count += 1;
  return count;
}

function longestLiteral(literals: readonly ScanLiteral[]): number {
  return Math.max(...literals.map((literal) => Buffer.byteLength(literal.text)));
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
