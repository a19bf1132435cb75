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
  /** Whether raw bytes hold something that makes their stretch worth reading line by line. */
  wanted: (bytes: Buffer) => boolean;
  /** The longest thing `wanted` finds, in bytes: what of one chunk's end is kept to find one split across two. */
  longestWanted: number;
  /** Bytes kept unread before any such text (and before the end), to be read line by line with it. */
  windowBytes: number;
  /** The lines a passed-over stretch of whole lines counts for. */
  countLines: (bytes: Buffer) => number;
}

const NEWLINE = 0x0a;

/**
 * Holds a log's raw bytes back, at most `windowBytes` of them, and hands them on (`read`) only
 * when a chunk holds something `wanted`, when the consumer is busy, or at the end; older bytes
 * are passed over and only their lines are counted. So a 200 MB log costs a few native byte
 * searches per chunk, and is read line by line only around what the excerpt looks for and at its
 * end. Bytes are handed on and passed over at line ends only, so no line or character is split.
 *
 * @example
 * const skimmer = new LineSkimmer(options, skimming, (bytes) => splitter.push(decoder.write(bytes)));
 * for await (const chunk of body) skimmer.push(chunk);
 * skimmer.finish();
 */
export class LineSkimmer {
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** The held bytes begin inside a line whose start was passed over. */
  private midLine = false;
  /** The held bytes are the start of a line something wanted was found in: it is read when it ends. */
  private partWanted = false;
  /** The end of the previous chunk, for a literal split across two chunks. */
  private previousEnd = Buffer.alloc(0);
  private readonly probeBytes: number;

  constructor(
    private readonly options: SkimOptions,
    private readonly skimming: Skimming,
    private readonly read: (bytes: Buffer) => void,
  ) {
    this.probeBytes = Math.max(0, options.longestWanted - 1);
  }

  push(chunk: Uint8Array): void {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const wanted = this.holdsWanted(bytes);
    this.previousEnd = Buffer.from(bytes.subarray(Math.max(0, bytes.length - this.probeBytes)));
    this.held.push(bytes);
    this.heldBytes += bytes.length;
    if (wanted || this.partWanted || this.skimming.busy()) {
      this.readHeldLines();
      this.partWanted = (wanted || this.partWanted) && this.heldBytes > 0;
    } else this.passOver();
  }

  /** Hands on everything still held: the end of the log is always read. */
  finish(): void {
    const all = this.takeHeld();
    let start = 0;
    if (this.midLine) {
      // The rest of a line whose start was passed over: counted, not read.
      this.skimming.skipped(1);
      this.midLine = false;
      const lineEnd = all.indexOf(NEWLINE);
      start = lineEnd === -1 ? all.length : lineEnd + 1;
    }
    if (start < all.length) this.read(all.subarray(start));
  }

  private holdsWanted(bytes: Buffer): boolean {
    if (this.options.wanted(bytes)) return true;
    return this.previousEnd.length > 0 && this.options.wanted(Buffer.concat([this.previousEnd, bytes.subarray(0, this.probeBytes)]));
  }

  /** Hands on the held bytes up to their last line end; a partial last line stays held. */
  private readHeldLines(): void {
    const all = this.takeHeld();
    const end = all.lastIndexOf(NEWLINE) + 1;
    let start = 0;
    if (this.midLine && end > 0) {
      this.skimming.skipped(1);
      this.midLine = false;
      start = all.indexOf(NEWLINE) + 1;
    }
    if (start < end) this.read(all.subarray(start, end));
    if (end < all.length) this.hold(all.subarray(end));
  }

  /** Passes over the oldest held lines while more than the window is held. */
  private passOver(): void {
    while (this.heldBytes > this.options.windowBytes && this.held.length > 1) {
      const oldest = this.held[0]!;
      const lineEnd = oldest.lastIndexOf(NEWLINE);
      if (lineEnd === -1) {
        // One line runs through the whole buffer: it goes, and is counted where it ends.
        this.dropOldest(oldest.length, 0);
        this.midLine = true;
        continue;
      }
      // Every line end passed over counts one line, a line whose start went earlier included.
      this.dropOldest(lineEnd + 1, this.options.countLines(oldest.subarray(0, lineEnd + 1)));
      this.midLine = false;
    }
  }

  private dropOldest(bytes: number, lines: number): void {
    const oldest = this.held[0]!;
    if (bytes >= oldest.length) this.held.shift();
    else this.held[0] = oldest.subarray(bytes);
    this.heldBytes -= bytes;
    if (lines > 0) this.skimming.skipped(lines);
  }

  private takeHeld(): Buffer {
    const all = this.held.length === 1 ? this.held[0]! : Buffer.concat(this.held, this.heldBytes);
    this.held = [];
    this.heldBytes = 0;
    return all;
  }

  private hold(bytes: Buffer): void {
    this.held.push(bytes);
    this.heldBytes += bytes.length;
  }
}
