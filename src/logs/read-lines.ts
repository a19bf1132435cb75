/** How much of a streamed log is read, and how patiently. */
export interface LineReadLimits {
  /** Reading stops after this many bytes of body. */
  maxBytes: number;
  /** Longer lines keep their start; the rest up to the newline is skipped, never held. */
  maxLineLength: number;
  /** Reading stops when the server sends nothing for this long. */
  idleTimeoutMs: number;
}

/**
 * Lets the reader pass over stretches of lines that cannot matter: while `busy()` is false, lines
 * up to the next match of `interesting` are only counted, and the last few of them handed to
 * `skip`. A large log is then split into lines only around what the excerpt keeps.
 */
export interface LineSkipper {
  /** Global (`g`) pattern: a line matching it is handed on whole. */
  interesting: RegExp;
  /** True while every line must be handed on (inside a traceback, say). */
  busy(): boolean;
  /** How many of the lines passed over are handed back to `skip`, at most. */
  keep: number;
  /** `count` lines passed over; `last` are the last of them, oldest first. */
  skip(count: number, last: string[]): void;
}

/** How a read ended. */
export interface LineReadResult {
  bytesRead: number;
  /** Set when reading stopped before the end of the body. */
  stoppedBy?: 'size' | 'time';
}

const TIMED_OUT = Symbol('timed out');

/**
 * Reads a body as UTF-8 lines and hands each to `onLine` as it arrives, holding no more than one
 * chunk and one partial line: a line split across two chunks (or a character split across two) is
 * joined first. `\r\n` counts as one line end; a final line without a newline is still a line.
 *
 * @example
 * const result = await readLines(response.body, (line) => collector.push(line), limits);
 */
export async function readLines(
  body: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
  limits: LineReadLimits,
  skipper?: LineSkipper,
): Promise<LineReadResult> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const splitter = new LineSplitter(onLine, limits.maxLineLength, skipper);
  let bytesRead = 0;
  let stoppedBy: LineReadResult['stoppedBy'];
  try {
    for (;;) {
      const next = await readWithin(reader, limits.idleTimeoutMs);
      if (next === TIMED_OUT) {
        stoppedBy = 'time';
        break;
      }
      if (next.done) break;
      let chunk = next.value;
      if (bytesRead + chunk.byteLength > limits.maxBytes) {
        chunk = chunk.subarray(0, Math.max(0, limits.maxBytes - bytesRead));
        stoppedBy = 'size';
      }
      bytesRead += chunk.byteLength;
      splitter.push(decoder.decode(chunk, { stream: true }));
      if (stoppedBy) break;
    }
    splitter.push(decoder.decode());
    splitter.end();
  } finally {
    // Stops the transfer when reading ended early; a no-op after the end.
    await reader.cancel().catch(() => undefined);
  }
  return stoppedBy ? { bytesRead, stoppedBy } : { bytesRead };
}

async function readWithin<T>(reader: ReadableStreamDefaultReader<T>, timeoutMs: number): Promise<ReadableStreamReadResult<T> | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
  });
  try {
    return await Promise.race([reader.read(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Cuts decoded text into lines, whatever the chunk boundaries. */
export class LineSplitter {
  private carry = '';
  /** The current line passed `maxLineLength`: its start is kept, the rest is skipped. */
  private skipping = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineLength: number,
    private readonly skipper?: LineSkipper,
  ) {}

  push(text: string): void {
    let from = 0;
    for (;;) {
      if (this.skipper && this.carry === '' && !this.skipping && !this.skipper.busy()) {
        from = this.passOver(this.skipper, text, from);
      }
      const newline = text.indexOf('\n', from);
      if (newline === -1) break;
      let line: string;
      if (this.carry !== '' || this.skipping) {
        line = this.skipping ? this.carry : this.carry + text.slice(from, newline);
        this.carry = '';
        this.skipping = false;
      } else {
        line = text.slice(from, newline);
      }
      this.emit(line);
      from = newline + 1;
    }
    if (from >= text.length || this.skipping) return;
    this.carry += from === 0 ? text : text.slice(from);
    if (this.carry.length > this.maxLineLength) {
      this.carry = this.carry.slice(0, this.maxLineLength);
      this.skipping = true;
    }
  }

  /**
   * Counts the whole lines from `from` up to the line holding the next interesting match (or the
   * last whole line of `text`), hands the count and the last few to the skipper, and returns where
   * reading line by line resumes.
   */
  private passOver(skipper: LineSkipper, text: string, from: number): number {
    skipper.interesting.lastIndex = from;
    const match = skipper.interesting.exec(text);
    const stop = match ? (match.index === 0 ? 0 : text.lastIndexOf('\n', match.index - 1) + 1) : text.lastIndexOf('\n') + 1;
    if (stop <= from) return from;
    let count = 0;
    for (let at = text.indexOf('\n', from); at !== -1 && at < stop; at = text.indexOf('\n', at + 1)) count += 1;
    const last: string[] = [];
    let end = stop - 1;
    while (last.length < Math.min(skipper.keep, count)) {
      const start = text.lastIndexOf('\n', end - 1) + 1;
      let line = text.slice(Math.max(start, from), end);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      last.unshift(line.length > this.maxLineLength ? line.slice(0, this.maxLineLength) : line);
      end = start - 1;
    }
    skipper.skip(count, last);
    return stop;
  }

  /** The last line, when the text did not end with a newline. */
  end(): void {
    if (this.carry !== '' || this.skipping) this.emit(this.carry);
    this.carry = '';
    this.skipping = false;
  }

  private emit(line: string): void {
    let text = line.length > this.maxLineLength ? line.slice(0, this.maxLineLength) : line;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    this.onLine(text);
  }
}
