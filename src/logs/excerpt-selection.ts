import { cutLine } from './cut-line';
import type { LogExcerpt, LogExcerptSection, LogExcerptSectionKind, NumberedLine } from './excerpt-types';

/** A line kept with its 1-based number in the log. */
export type KeptLine = NumberedLine;

/** A traceback or an error line, with the lines kept around it. */
export interface CapturedError {
  lines: ReadonlyMap<number, string>;
  /** The traceback header, or the error line. */
  start: number;
  /** The exception line, or the error line. */
  exception: number;
  /** Airflow's `Task failed with exception` line, when it announced this one. */
  marker?: number;
  /** The first line kept before `start`. */
  before: number;
}

/** What the collector found, for the selection to fit into the budget. */
export interface ExcerptPlan {
  failure?: CapturedError;
  firstError?: CapturedError;
  /** The last lines, oldest first. */
  tail: KeptLine[];
}

export const SECTION_TITLES: Readonly<Record<LogExcerptSectionKind, string>> = {
  failure: 'Around the failure',
  'first-error': 'Around the first error',
  tail: 'Last lines',
};

/** The title of the excerpt's cause (see `selectCause`), shown above its sections. */
export const CAUSE_TITLE = 'Why the task failed';

/** Lines kept from the end before the traceback's frames compete for the budget. */
const GUARANTEED_TAIL_LINES = 5;
/** A line that does not fit is cut to the remaining budget only if this much of it can be shown. */
const MIN_PARTIAL_LINE = 20;

/**
 * Lines offered in priority order. Each front grows one stretch of lines in one direction; once a
 * line of a front does not fit, every front of that name stops, so every stretch stays unbroken.
 */
interface Front {
  name: string;
  lines: number[];
}

/**
 * Fits the plan's sections into `maxChars`: whole lines in priority order (see `LogExcerptCollector.finish`),
 * over-long ones cut with `…` (a fifth of the budget each, half for the exception line), every kept
 * line masked before it is cut. Sections never repeat a line; when they touch they become one.
 */
export function selectExcerpt(plan: ExcerptPlan, maxChars: number, totalLines: number, mask: (line: string) => string): Omit<LogExcerpt, 'cause'> {
  const store = new Map<number, string>();
  const add = (lines: Iterable<[number, string]>) => {
    for (const [n, text] of lines) if (!store.has(n)) store.set(n, mask(text));
  };
  const { failure, firstError, tail } = plan;
  if (failure) add(failure.lines);
  if (firstError) add(firstError.lines);
  add(tail.map((line): [number, string] => [line.n, line.text]));

  const tailNumbers = tail.map((line) => line.n).reverse();
  const fronts: Front[] = [];
  if (failure) fronts.push({ name: 'failure exception', lines: [failure.exception] });
  fronts.push({ name: 'tail', lines: tailNumbers.slice(0, GUARANTEED_TAIL_LINES) });
  if (failure) fronts.push({ name: 'failure up', lines: upFrom(failure, failure.exception - 1, start(failure)) });
  if (firstError) fronts.push({ name: 'first exception', lines: [firstError.exception] });
  fronts.push({ name: 'tail', lines: tailNumbers });
  if (failure) fronts.push({ name: 'failure up', lines: upFrom(failure, start(failure) - 1, failure.before) });
  if (firstError) fronts.push({ name: 'first up', lines: upFrom(firstError, firstError.exception - 1, firstError.before) });
  if (failure) fronts.push({ name: 'failure down', lines: downFrom(failure, failure.exception + 1) });
  if (firstError) fronts.push({ name: 'first down', lines: downFrom(firstError, firstError.exception + 1) });

  const exceptionLines = new Set([failure?.exception, firstError?.exception].filter((n) => n !== undefined));
  const shown = selectLines(store, fronts, maxChars, (n) =>
    Math.max(0, Math.floor(maxChars / (exceptionLines.has(n) ? 2 : 5)) - 1),
  );
  const kinds: [LogExcerptSectionKind, number | undefined][] = [
    ['failure', failure?.exception],
    ['first-error', firstError?.exception],
  ];
  const sections = toSections(shown, kinds);
  const cut = [...shown].some(([n, text]) => text !== store.get(n));
  return {
    sections,
    totalLines,
    errorFound: failure !== undefined || firstError !== undefined,
    truncated: shown.size < totalLines || cut,
  };
}

function start(capture: CapturedError): number {
  return capture.marker !== undefined ? Math.min(capture.marker, capture.start) : capture.start;
}

function upFrom(capture: CapturedError, from: number, downTo: number): number[] {
  const lines: number[] = [];
  for (let n = from; n >= downTo; n -= 1) if (capture.lines.has(n)) lines.push(n);
  return lines;
}

function downFrom(capture: CapturedError, from: number): number[] {
  return [...capture.lines.keys()].filter((n) => n >= from).sort((a, b) => a - b);
}

function selectLines(
  store: ReadonlyMap<number, string>,
  fronts: readonly Front[],
  maxChars: number,
  lineLimit: (n: number) => number,
): Map<number, string> {
  const shown = new Map<number, string>();
  const stopped = new Set<string>();
  let budget = maxChars;
  for (const front of fronts) {
    for (const n of front.lines) {
      if (stopped.has(front.name)) break;
      if (shown.has(n)) continue;
      const original = store.get(n) ?? '';
      const text = cutLine(original, lineLimit(n));
      // A line cut down to nothing would only claim to be shown.
      if (text === '' && original !== '') {
        stopped.add(front.name);
        break;
      }
      if (text.length + 1 <= budget) {
        shown.set(n, text);
        budget -= text.length + 1;
        continue;
      }
      if (budget - 1 >= MIN_PARTIAL_LINE) {
        const partial = cutLine(text, budget - 1);
        shown.set(n, partial);
        budget -= partial.length + 1;
      }
      stopped.add(front.name);
    }
  }
  return shown;
}

/** Unbroken runs of shown lines, in log order, each named after the most important line it holds. */
function toSections(shown: ReadonlyMap<number, string>, kinds: [LogExcerptSectionKind, number | undefined][]): LogExcerptSection[] {
  const numbers = [...shown.keys()].sort((a, b) => a - b);
  const sections: LogExcerptSection[] = [];
  let run: number[] = [];
  const close = (): void => {
    if (run.length === 0) return;
    const kind = kinds.find(([, n]) => n !== undefined && run.includes(n))?.[0] ?? 'tail';
    sections.push({ kind, title: SECTION_TITLES[kind], firstLineNumber: run[0], lines: run.map((n) => shown.get(n) ?? '') });
    run = [];
  };
  for (const n of numbers) {
    if (run.length > 0 && n !== run[run.length - 1] + 1) close();
    run.push(n);
  }
  close();
  return sections;
}
