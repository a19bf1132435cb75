import { cutLine } from './cut-line';
import type { LogExcerpt, LogExcerptSection } from './excerpt-types';
import { findFirstError } from './find-first-error';

export interface LogExcerptOptions {
  /** Lines shown before the first error. Default 5. */
  contextBefore?: number;
  /** Lines shown from the first error line on; a traceback is always shown whole. Default 25. */
  contextAfter?: number;
  /** Lines shown from the end of the log. Default 20. */
  tailLines?: number;
  /**
   * Budget for the whole excerpt, in UTF-16 code units: every shown line counts its length plus
   * one for its newline. Default 2600 (Slack allows 3000 in a text block; the rest is for titles
   * and code fences).
   */
  maxChars?: number;
}

export const ERROR_SECTION_TITLE = 'Around the first error';
export const TAIL_SECTION_TITLE = 'Last lines';

const DEFAULTS = { contextBefore: 5, contextAfter: 25, tailLines: 20, maxChars: 2600 };
/** Lines kept from the end before the traceback's frames compete for the budget. */
const GUARANTEED_TAIL_LINES = 5;
/** A line that does not fit is cut to the remaining budget only if this much of it can be shown. */
const MIN_PARTIAL_LINE = 20;

/**
 * Picks the part of a task log that explains a failure: the first error (a whole Python
 * traceback, or an error line) with a few lines around it, and the last lines of the log.
 * Sections never repeat a line; when they touch they become one section.
 *
 * The excerpt fits in `maxChars`. When it must give up lines, it keeps, in this order: the
 * exception line, the last 5 lines, the traceback from the exception line up, the rest of the
 * tail, the lines before the error, then the lines after it. Over-long lines are cut with `…`
 * (a fifth of the budget each, half for the exception line). Backticks and other markup are
 * left as they are: escaping is the renderer's job.
 *
 * @example
 * buildLogExcerpt(['start', 'ERROR - boom', 'done'], { contextBefore: 1, tailLines: 1 });
 * // { sections: [{ title: 'Around the first error', firstLineNumber: 1, lines: ['start', 'ERROR - boom', 'done'] }],
 * //   totalLines: 3, errorFound: true, truncated: false }
 */
export function buildLogExcerpt(lines: readonly string[], options: LogExcerptOptions = {}): LogExcerpt {
  const settings = resolveOptions(options);
  const error = findFirstError(lines);
  const last = lines.length - 1;
  const fronts: Front[] = [];
  if (error) {
    const firstShown = Math.max(0, error.start - settings.contextBefore);
    const lastShown = Math.min(last, Math.max(error.end, error.start + settings.contextAfter));
    fronts.push(
      { name: 'exception', indexes: [error.end] },
      { name: 'tail', indexes: descending(last, Math.max(0, lines.length - Math.min(settings.tailLines, GUARANTEED_TAIL_LINES))) },
      { name: 'error up', indexes: descending(error.end - 1, error.start) },
      { name: 'tail', indexes: descending(last, Math.max(0, lines.length - settings.tailLines)) },
      { name: 'error up', indexes: descending(error.start - 1, firstShown) },
      { name: 'error down', indexes: ascending(error.end + 1, lastShown) },
    );
  } else {
    fronts.push({ name: 'tail', indexes: descending(last, Math.max(0, lines.length - settings.tailLines)) });
  }

  const exceptionLine = error?.end;
  const shown = selectLines(lines, fronts, settings.maxChars, (index) =>
    Math.max(0, Math.floor(settings.maxChars / (index === exceptionLine ? 2 : 5)) - 1),
  );
  const sections = toSections(shown, exceptionLine);
  const cut = [...shown].some(([index, text]) => text !== lines[index]);
  return {
    sections,
    totalLines: lines.length,
    errorFound: error !== undefined,
    truncated: shown.size < lines.length || cut,
  };
}

/**
 * Lines offered in priority order. Each front grows one stretch of lines in one direction; once a
 * line of a front does not fit, that front stops, so every stretch stays unbroken.
 */
interface Front {
  name: 'exception' | 'tail' | 'error up' | 'error down';
  indexes: number[];
}

function selectLines(
  lines: readonly string[],
  fronts: readonly Front[],
  maxChars: number,
  lineLimit: (index: number) => number,
): Map<number, string> {
  const shown = new Map<number, string>();
  const stopped = new Set<Front['name']>();
  let budget = maxChars;
  for (const front of fronts) {
    for (const index of front.indexes) {
      if (stopped.has(front.name)) break;
      if (shown.has(index)) continue;
      const text = cutLine(lines[index], lineLimit(index));
      // A line cut down to nothing would only claim to be shown.
      if (text === '' && lines[index] !== '') {
        stopped.add(front.name);
        break;
      }
      if (text.length + 1 <= budget) {
        shown.set(index, text);
        budget -= text.length + 1;
        continue;
      }
      if (budget - 1 >= MIN_PARTIAL_LINE) {
        const partial = cutLine(text, budget - 1);
        shown.set(index, partial);
        budget -= partial.length + 1;
      }
      stopped.add(front.name);
    }
  }
  return shown;
}

/** Unbroken runs of shown lines, in log order; the run holding the exception line is the error section. */
function toSections(shown: ReadonlyMap<number, string>, exceptionLine: number | undefined): LogExcerptSection[] {
  const indexes = [...shown.keys()].sort((a, b) => a - b);
  const sections: LogExcerptSection[] = [];
  let run: number[] = [];
  const close = (): void => {
    if (run.length === 0) return;
    const hasError = exceptionLine !== undefined && run.includes(exceptionLine);
    sections.push({
      title: hasError ? ERROR_SECTION_TITLE : TAIL_SECTION_TITLE,
      firstLineNumber: run[0] + 1,
      lines: run.map((index) => shown.get(index) ?? ''),
    });
    run = [];
  };
  for (const index of indexes) {
    if (run.length > 0 && index !== run[run.length - 1] + 1) close();
    run.push(index);
  }
  close();
  return sections;
}

function resolveOptions(options: LogExcerptOptions): Required<LogExcerptOptions> {
  const count = (value: number | undefined, fallback: number): number =>
    value === undefined || !Number.isFinite(value) ? fallback : Math.max(0, Math.floor(value));
  return {
    contextBefore: count(options.contextBefore, DEFAULTS.contextBefore),
    contextAfter: count(options.contextAfter, DEFAULTS.contextAfter),
    tailLines: count(options.tailLines, DEFAULTS.tailLines),
    maxChars: count(options.maxChars, DEFAULTS.maxChars),
  };
}

function descending(from: number, downTo: number): number[] {
  const indexes: number[] = [];
  for (let index = from; index >= downTo; index -= 1) indexes.push(index);
  return indexes;
}

function ascending(from: number, upTo: number): number[] {
  const indexes: number[] = [];
  for (let index = from; index <= upTo; index += 1) indexes.push(index);
  return indexes;
}
