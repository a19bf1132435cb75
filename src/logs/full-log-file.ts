/** How big a log file the bot uploads, and how it is split when the log is bigger. */
export interface FullLogFileLimits {
  /** Bytes kept from the start of the log. */
  headBytes: number;
  /** Bytes kept from the end of the log. */
  tailBytes: number;
}

/**
 * 20 MiB in all: the first 2 MiB (how the try started) and the last 18 MiB (how it ended). Large
 * enough for nearly every task log, small enough for a 512 MB worker to hold while Slack takes it.
 */
export const FULL_LOG_FILE_LIMITS: FullLogFileLimits = { headBytes: 2 * 1024 * 1024, tailBytes: 18 * 1024 * 1024 };

/** The file's text and what was left out of it. */
export interface FullLogFile {
  content: Buffer;
  totalLines: number;
  /** Lines left out between the head and the tail; 0 when the whole log is in the file. */
  omittedLines: number;
  omittedBytes: number;
}

/**
 * Builds the Full log file from lines pushed one at a time (already masked): all of them while
 * they fit, else the first lines and the last ones with a line saying what was left out between.
 * Memory stays within the limits whatever the size of the log.
 *
 * @example
 * const file = new FullLogFileBuilder();
 * file.push('line 1');
 * file.finish().content.toString(); // 'line 1\n'
 */
export class FullLogFileBuilder {
  private readonly head: Buffer[] = [];
  private headSize = 0;
  private tail: Buffer[] = [];
  private tailStart = 0;
  private tailSize = 0;
  private lines = 0;
  private omittedLines = 0;
  private omittedBytes = 0;

  constructor(private readonly limits: FullLogFileLimits = FULL_LOG_FILE_LIMITS) {}

  push(line: string): void {
    this.lines += 1;
    const bytes = Buffer.from(`${line}\n`, 'utf8');
    if (this.tail.length === this.tailStart && this.headSize + bytes.length <= this.limits.headBytes) {
      this.head.push(bytes);
      this.headSize += bytes.length;
      return;
    }
    this.tail.push(bytes);
    this.tailSize += bytes.length;
    while (this.tailSize > this.limits.tailBytes && this.tailStart < this.tail.length) {
      const dropped = this.tail[this.tailStart];
      this.tailStart += 1;
      this.tailSize -= dropped.length;
      this.omittedLines += 1;
      this.omittedBytes += dropped.length;
    }
    // Drop the spent front of the array now and then, not on every line.
    if (this.tailStart > 4096 && this.tailStart * 2 > this.tail.length) {
      this.tail = this.tail.slice(this.tailStart);
      this.tailStart = 0;
    }
  }

  finish(): FullLogFile {
    const parts = [...this.head];
    if (this.omittedLines > 0) {
      const headLines = this.head.length;
      parts.push(
        Buffer.from(
          `\n[… ${this.omittedLines} lines (${formatBytes(this.omittedBytes)}) left out here: this file keeps the first ${formatBytes(this.limits.headBytes)} ` +
            `and the last ${formatBytes(this.limits.tailBytes)} of the log; lines ${headLines + 1}–${headLines + this.omittedLines} are in Airflow …]\n\n`,
        ),
      );
    }
    parts.push(...this.tail.slice(this.tailStart));
    return { content: Buffer.concat(parts), totalLines: this.lines, omittedLines: this.omittedLines, omittedBytes: this.omittedBytes };
  }
}

/** `1.5 MiB`, `512 KiB`, `20 B`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${trimmed(bytes / (1024 * 1024))} MiB`;
  if (bytes >= 1024) return `${trimmed(bytes / 1024)} KiB`;
  return `${bytes} B`;
}

function trimmed(value: number): string {
  return value.toFixed(1).replace(/\.0$/, '');
}
