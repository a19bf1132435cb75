import { lineCountsWithoutEnd, type ByteScanner, type LineCounts } from './byte-scanner';

/**
 * What a reader may ask the consumer of a log's lines while reading: lets it pass over long
 * stretches the consumer looks for nothing in.
 */
export interface Skimming {
  /** While true, every line must be read (inside a traceback, a private key, a context after). */
  busy(): boolean;
  /** `count` lines were passed over, unread, since the last line handed on. */
  skipped(count: number): void;
}

export interface SkimOptions {
  /**
   * Looks in raw bytes for what makes their stretch worth reading line by line (`scan` answers
   * `'found'`, or else the bytes' line ends), and counts line ends.
   */
  scanner: Pick<ByteScanner, 'scan' | 'findsAny' | 'countLines' | 'longestLiteral'>;
  /** Bytes kept unread before any such text (and before the end), to be read line by line with it. */
  windowBytes: number;
  /**
   * The lines a passed-over stretch with these line ends counts for. It ends at a line end; it
   * begins at a line start, or inside a line whose start went earlier (`atLineStart` false).
   */
  linesOf: (counts: LineCounts, bytes: Buffer, atLineStart: boolean) => number;
}

const NEWLINE = 0x0a;

/**
 * Holds a log's raw bytes back, at most `windowBytes` of them, and hands them on (`read`) only
 * when a chunk holds something wanted, when the consumer is busy, or at the end; older bytes are
 * passed over and only their lines are counted. So a 200 MB log costs one scan per chunk (which
 * also counts its line ends, kept for when the chunk is passed over), and is read line by line
 * only around what the excerpt looks for and at its end. Bytes are handed on and passed over at
 * line ends only, so no line or character is split.
 *
 * @example
 * const skimmer = new LineSkimmer(options, skimming, (bytes) => splitter.push(decoder.write(bytes)));
 * for await (const chunk of body) skimmer.push(chunk);
 * skimmer.finish();
 */
export class LineSkimmer {
  private held: Buffer[] = [];
  /** The line ends of each held piece, where known: a chunk scanned whole, or what is left of one. */
  private heldCounts: (LineCounts | undefined)[] = [];
  private heldBytes = 0;
  /** The held bytes begin inside a line whose start was passed over. */
  private midLine = false;
  /** The start of an unfinished line was handed on: the rest of it must be too. */
  private handingOn = false;
  /** The held partial line holds something wanted: it is read when it ends. */
  private partWanted = false;
  /** How much of a chunk's end and of the next one's start can hold something wanted split across the two. */
  private readonly probeBytes: number;
  /** The last bytes pushed (`tailBytes` of them, at its start), then the first of the next chunk: kept, not made anew for each chunk. */
  private readonly seam: Buffer;
  private tailBytes = 0;

  /**
   * @param maxLineBytes a partial line longer than this is handed on in pieces rather than held
   *   (the splitter keeps the start of a line that long and skips the rest).
   */
  constructor(
    private readonly options: SkimOptions,
    private readonly skimming: Skimming,
    private readonly read: (bytes: Buffer) => void,
    private readonly maxLineBytes: number,
  ) {
    this.probeBytes = Math.max(0, options.scanner.longestLiteral - 1);
    this.seam = Buffer.alloc(2 * this.probeBytes);
  }

  /** Takes the next chunk. Held as a view, not copied: a stream hands out a new buffer for each chunk. */
  push(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // Always looked at: it also keeps this chunk's end for the next seam.
    const seamWanted = this.seamHoldsWanted(bytes);
    const scanned = this.options.scanner.scan(bytes);
    this.hold(bytes, scanned === 'found' ? undefined : scanned);
    if (seamWanted || scanned === 'found' || this.partWanted || this.handingOn || this.skimming.busy()) this.readHeldLines();
    else this.passOver();
  }

  /** Hands on everything still held: the end of the log is always read. */
  finish(): void {
    let all = this.takeHeld();
    if (this.midLine) {
      // The rest of a line whose start was passed over: counted, not read.
      this.skimming.skipped(1);
      this.midLine = false;
      const lineEnd = all.indexOf(NEWLINE);
      all = lineEnd === -1 ? all.subarray(all.length) : all.subarray(lineEnd + 1);
    }
    if (all.length > 0) this.read(all);
  }

  /** Whether what `bytes` make with the end of the bytes before them holds something wanted. */
  private seamHoldsWanted(bytes: Buffer): boolean {
    const head = Math.min(bytes.length, this.probeBytes);
    bytes.copy(this.seam, this.tailBytes, 0, head);
    const found = this.tailBytes > 0 && this.options.scanner.findsAny(this.seam.subarray(0, this.tailBytes + head));
    // What the next chunk's seam starts with: the last bytes of the old tail and these.
    if (bytes.length >= this.probeBytes) {
      bytes.copy(this.seam, 0, bytes.length - this.probeBytes);
      this.tailBytes = this.probeBytes;
    } else {
      const joined = this.tailBytes + bytes.length;
      this.tailBytes = Math.min(joined, this.probeBytes);
      this.seam.copyWithin(0, joined - this.tailBytes, joined);
    }
    return found;
  }

  /** Hands on the held bytes up to their last line end; a partial last line stays held unless it is too long. */
  private readHeldLines(): void {
    let all = this.takeHeld();
    if (this.midLine) {
      const lineEnd = all.indexOf(NEWLINE);
      if (lineEnd === -1) {
        // Still inside a line that was passed over: none of it is read, and a long one is not kept.
        if (all.length <= this.maxLineBytes) this.hold(Buffer.from(all));
        return;
      }
      this.skimming.skipped(1);
      this.midLine = false;
      all = all.subarray(lineEnd + 1);
    }
    let end = all.lastIndexOf(NEWLINE) + 1;
    // A line already begun, or one too long to hold, goes on in pieces.
    if ((end === 0 && this.handingOn) || all.length - end > this.maxLineBytes) end = all.length;
    if (end > 0) this.read(all.subarray(0, end));
    this.handingOn = end > 0 ? all[end - 1] !== NEWLINE : this.handingOn;
    // A copy: a small partial line must not keep a large buffer alive.
    const partial = Buffer.from(all.subarray(end));
    if (partial.length > 0) this.hold(partial);
    this.partWanted = partial.length > 0 && this.options.scanner.findsAny(partial);
  }

  /** Passes over the oldest held lines, as few as bring what is held down to the window. */
  private passOver(): void {
    while (this.heldBytes > this.options.windowBytes && this.held.length > 1) {
      const excess = this.heldBytes - this.options.windowBytes;
      const oldest = this.held[0]!;
      let lineEnd = oldest.indexOf(NEWLINE, Math.min(excess, oldest.length) - 1);
      if (lineEnd === -1) lineEnd = oldest.lastIndexOf(NEWLINE);
      if (lineEnd === -1) {
        // One line runs through the whole buffer: it goes, and is counted where it ends.
        this.dropOldest(oldest.length, 0);
        this.midLine = true;
        continue;
      }
      // Every line end passed over counts one line, a line whose start went earlier included.
      const start = oldest.subarray(0, lineEnd + 1);
      const lines = this.options.linesOf(this.startCounts(start), start, !this.midLine);
      this.dropOldest(lineEnd + 1, lines);
      this.midLine = false;
    }
  }

  /**
   * The line ends of `start`, the first bytes of the oldest piece: from the piece's own counts less
   * those of the rest when the rest is the shorter (it is usually a line or two), else counted.
   * What is left of the piece keeps the counts of the rest.
   */
  private startCounts(start: Buffer): LineCounts {
    const oldest = this.held[0]!;
    const whole = this.heldCounts[0];
    const rest = oldest.subarray(start.length);
    if (whole === undefined || rest.length > start.length) {
      this.heldCounts[0] = undefined;
      return this.options.scanner.countLines(start);
    }
    const restCounts = this.options.scanner.countLines(rest);
    this.heldCounts[0] = restCounts;
    return lineCountsWithoutEnd(whole, start, rest, restCounts);
  }

  private dropOldest(bytes: number, lines: number): void {
    const oldest = this.held[0]!;
    if (bytes >= oldest.length) {
      this.held.shift();
      this.heldCounts.shift();
    } else {
      this.held[0] = oldest.subarray(bytes);
    }
    this.heldBytes -= bytes;
    if (lines > 0) this.skimming.skipped(lines);
  }

  private takeHeld(): Buffer {
    const all = this.held.length === 1 ? this.held[0]! : Buffer.concat(this.held, this.heldBytes);
    this.held = [];
    this.heldCounts = [];
    this.heldBytes = 0;
    return all;
  }

  private hold(bytes: Buffer, counts?: LineCounts): void {
    this.held.push(bytes);
    this.heldCounts.push(counts);
    this.heldBytes += bytes.length;
  }
}
