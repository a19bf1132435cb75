import { byteScanner, type ByteScanner, type LineCounts } from '../logs/byte-scanner';
import { NDJSON_SKIM_LITERALS, SKIM_LITERALS, WORTH_A_LOOK } from '../logs/failure-patterns';
import { readLines } from '../logs/read-lines';
import type { SkimOptions } from '../logs/skim-stretches';
import type { LogLineSink } from '../logs/log-pipeline';
import type { DialectApi } from './dialect';
import type { TaskInstanceRef } from './model';
import { ndjsonRecordLines } from './structured-log';

/** How much of a log is read before the read stops and says where. */
export interface LogReadLimits {
  /** Bytes of a streamed body, or characters over all JSON pages. */
  maxBytes: number;
  /** JSON pages, for servers that do not stream. */
  maxPages: number;
  /** Longer lines keep their start. */
  maxLineLength: number;
  /** The longest wait for the next part of a streamed body. */
  idleTimeoutMs: number;
}

/**
 * 512 MiB is far beyond any log worth reading in Slack, yet read in seconds; 20 JSON pages (a
 * server that ignores `Accept` answers 100 lines or so each); lines beyond 64 KiB keep their start.
 */
export const DEFAULT_LOG_READ_LIMITS: LogReadLimits = {
  maxBytes: 512 * 1024 * 1024,
  maxPages: 20,
  maxLineLength: 64 * 1024,
  idleTimeoutMs: 30_000,
};

/** How a log was read, and where it was cut when it was not read to its end. */
export interface LogReadSummary {
  format: 'text' | 'ndjson' | 'json-pages';
  /** Bytes read (characters for JSON pages). */
  bytesRead: number;
  /** Set when reading stopped early: at the byte limit, the page limit, or a server gone quiet. */
  stoppedBy?: 'size' | 'pages' | 'time';
}

/**
 * Reads a try's whole log, handing each line to `onLine` as it arrives and holding none of it:
 * streamed when the server honours `Accept`, else a page at a time. Airflow 3's records are
 * rendered to text lines (a traceback from `error_detail`) on the way.
 */
export async function readTaskLog(
  dialect: DialectApi,
  ref: TaskInstanceRef,
  tryNumber: number,
  onLine: LogLineSink,
  limits: LogReadLimits,
): Promise<LogReadSummary> {
  const opened = await dialect.openLog(ref, tryNumber);
  if (opened.format !== 'json-pages') return readLogBody(opened.format, opened.body, onLine, limits);
  let bytesRead = 0;
  let token: string | undefined;
  for (let page = 0; page < limits.maxPages; page += 1) {
    const result = await opened.page(token);
    for (const line of result.lines) {
      onLine(line.length > limits.maxLineLength ? line.slice(0, limits.maxLineLength) : line);
      bytesRead += line.length + 1;
    }
    // An empty page with a token is a running try with nothing new yet: the end for now.
    if (!result.continuationToken || result.lines.length === 0) return { format: 'json-pages', bytesRead };
    if (bytesRead >= limits.maxBytes) return { format: 'json-pages', bytesRead, stoppedBy: 'size' };
    token = result.continuationToken;
  }
  return { format: 'json-pages', bytesRead, stoppedBy: 'pages' };
}

/**
 * Reads a streamed log body: Airflow 2's plain text as it is, Airflow 3's NDJSON records rendered
 * to text lines. The excerpt command reads log files through this too.
 */
export async function readLogBody(
  format: 'text' | 'ndjson',
  body: ReadableStream<Uint8Array>,
  onLine: LogLineSink,
  limits: LogReadLimits,
): Promise<LogReadSummary> {
  const toLines =
    format === 'ndjson'
      ? (record: string) => {
          if (isPlainRecord(record)) onLine(record, renderPlainRecord);
          else for (const line of ndjsonRecordLines(record)) onLine(line);
        }
      : (line: string) => onLine(line);
  const skim = onLine.skimming && { options: skimOptions(format), skimming: onLine.skimming };
  const result = await readLines(body, toLines, limits, skim);
  return { format, ...result };
}

/** Bytes read line by line before whatever the excerpt looks for, and before the end. */
export const SKIM_WINDOW_BYTES = 4 * 1024 * 1024;

/** One scanner for each format, made on first use. */
const scanners: Partial<Record<'text' | 'ndjson', ByteScanner>> = {};

function skimOptions(format: 'text' | 'ndjson'): SkimOptions {
  const literals = format === 'text' ? SKIM_LITERALS : NDJSON_SKIM_LITERALS;
  const scanner = (scanners[format] ??= byteScanner(literals, { pairs: format === 'ndjson' }));
  return {
    scanner,
    windowBytes: SKIM_WINDOW_BYTES,
    linesOf: format === 'text' ? (counts) => counts.newlines : ndjsonLines,
  };
}

/**
 * The lines whole NDJSON records render to, as the reader would count them: one a record, none for
 * a blank one, and a record with an escaped newline rendered to count exactly (they are few).
 */
function ndjsonLines(counts: LineCounts, bytes: Buffer, atLineStart: boolean): number {
  const { newlines, doubleNewlines, escapedNewlines } = counts;
  if (doubleNewlines === undefined || escapedNewlines === undefined) throw new TypeError('The NDJSON scanner counts blank lines and escaped newlines');
  let lines = newlines - doubleNewlines;
  if (atLineStart && bytes[0] === 0x0a) lines -= 1;
  if (escapedNewlines === 0) return lines;
  let next = 0;
  for (let at = bytes.indexOf('\\n'); at !== -1; at = bytes.indexOf('\\n', next)) {
    const start = bytes.lastIndexOf(0x0a, at) + 1;
    const end = bytes.indexOf(0x0a, at);
    const stop = end === -1 ? bytes.length : end;
    lines += ndjsonRecordLines(bytes.toString('utf8', start, stop)).length - 1;
    next = stop + 1;
  }
  return lines;
}

/**
 * A record that renders to exactly one line and matches none of the excerpt's patterns: it need
 * not be parsed unless it is shown. Parsing every record of a 200 MB log would cost more than
 * reading it.
 */
function isPlainRecord(record: string): boolean {
  return (
    record.trim() !== '' &&
    !record.includes('\\n') &&
    !record.includes('error_detail') &&
    !record.includes('-----') &&
    !WORTH_A_LOOK.test(record)
  );
}

function renderPlainRecord(record: string): string {
  return ndjsonRecordLines(record)[0] ?? '';
}
