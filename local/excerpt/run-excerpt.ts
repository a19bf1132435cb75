import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { DEFAULT_LOG_READ_LIMITS, readLogBody } from '../../src/airflow/log-reader';
import type { LogExcerpt } from '../../src/logs/excerpt-types';
import { formatBytes } from '../../src/logs/full-log-file';
import { CAUSE_TITLE } from '../../src/logs/excerpt-selection';
import { excerptFromFeed } from '../../src/logs/log-pipeline';
import { causeLines } from '../../src/views/cause-lines';

export const EXCERPT_USAGE = 'Usage: npm run excerpt -- <log file> [--format airflow2|airflow3]\n' +
  '  airflow2: plain text, as Airflow 2 streams it; airflow3: NDJSON records, as Airflow 3 streams them.\n' +
  '  Without --format, a .ndjson or .jsonl file is airflow3 and anything else airflow2.\n';

/** What the command was asked. */
export interface ExcerptArgs {
  file: string;
  format: 'airflow2' | 'airflow3';
}

/** Reads `<file> [--format airflow2|airflow3]`; a string is the problem to print with the usage. */
export function parseExcerptArgs(argv: readonly string[]): ExcerptArgs | string {
  const words = [...argv];
  let format: ExcerptArgs['format'] | undefined;
  const at = words.indexOf('--format');
  if (at !== -1) {
    const value = words[at + 1];
    if (value !== 'airflow2' && value !== 'airflow3') return `--format takes airflow2 or airflow3, not ${value ?? 'nothing'}.`;
    format = value;
    words.splice(at, 2);
  }
  if (words.length !== 1 || words[0].startsWith('-')) return words.length === 0 ? 'Name a log file.' : `Unexpected: ${words.join(' ')}.`;
  const file = words[0];
  return { file, format: format ?? (/\.(?:ndjson|jsonl)$/i.test(file) ? 'airflow3' : 'airflow2') };
}

/**
 * Prints the excerpt the bot would show for a log file: read as the worker reads a streamed log
 * (the same line reader, NDJSON rendering, collector and masking), then each section with its
 * title and line numbers, and the notes the message would carry.
 *
 * @returns the exit code.
 */
export async function runExcerpt(argv: readonly string[], out: (text: string) => void): Promise<number> {
  const args = parseExcerptArgs(argv);
  if (typeof args === 'string') {
    out(`${args}\n${EXCERPT_USAGE}`);
    return 2;
  }
  try {
    await stat(args.file);
  } catch {
    out(`No such file: ${args.file}\n`);
    return 1;
  }
  const body = Readable.toWeb(createReadStream(args.file)) as ReadableStream<Uint8Array>;
  const format = args.format === 'airflow3' ? 'ndjson' : 'text';
  const excerpt = await excerptFromFeed((onLine) => readLogBody(format, body, onLine, DEFAULT_LOG_READ_LIMITS), []);
  out(renderExcerpt(excerpt));
  return 0;
}

/** The excerpt as plain text. */
export function renderExcerpt(excerpt: LogExcerpt): string {
  const parts: string[] = [];
  if (excerpt.sections.length === 0) parts.push('The log is empty.');
  if (!excerpt.errorFound && excerpt.sections.length > 0) parts.push('No error line found; these are the last lines.');
  if (excerpt.cut) parts.push(`The log was cut after line ${excerpt.cut.afterLines} (${formatBytes(excerpt.cut.afterBytes)} read).`);
  if (excerpt.cause.length > 0) {
    const cause = causeLines(excerpt.cause);
    parts.push(`== ${CAUSE_TITLE} · ${cause.range}`, ...cause.lines);
  }
  for (const section of excerpt.sections) {
    const last = section.firstLineNumber + section.lines.length - 1;
    const range = section.lines.length <= 1 ? `line ${section.firstLineNumber}` : `lines ${section.firstLineNumber}–${last}`;
    parts.push(`== ${section.title} · ${range}`, ...section.lines);
  }
  const numbers = new Set(excerpt.cause.map((line) => line.n));
  for (const section of excerpt.sections) section.lines.forEach((_, i) => numbers.add(section.firstLineNumber + i));
  const shown = numbers.size;
  parts.push(`-- ${shown} of ${excerpt.totalLines} log lines in this excerpt.`);
  return `${parts.join('\n')}\n`;
}
