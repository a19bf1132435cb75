import type { LogCut, LogExcerpt } from './excerpt-types';
import { selectExcerpt, type ExcerptPlan, type KeptLine } from './excerpt-selection';
import {
  AIRFLOW_BOOKKEEPING,
  CHAINED_EXCEPTION,
  ERROR_LINE,
  FAILURE_MARKER,
  GENERIC_FAILURE,
  PROCESS_CAUSE,
  STRONG_CAUSE,
  TRACEBACK_HEADER,
  WEAK_CAUSE,
  WORTH_A_LOOK,
} from './failure-patterns';
import { RecentLines, type RenderLine } from './recent-lines';
import { RingBuffer } from './ring-buffer';

export interface LogExcerptOptions {
  /** Lines shown before the failure and the first error. Default 5. */
  contextBefore?: number;
  /** Lines shown after an exception line. Default 5. */
  contextAfter?: number;
  /** Lines shown from the end of the log. Default 20. */
  tailLines?: number;
  /**
   * Budget for the whole excerpt, in UTF-16 code units: every shown line counts its length plus
   * one for its newline. Default 2600 (Slack allows 3000 in a text block; the rest is for titles
   * and code fences).
   */
  maxChars?: number;
  /** Applied to every line kept, before it is cut to fit: the secret masking. */
  mask?: (line: string) => string;
}

/** The title of the last lines when the log was not read to its end. */
export const CUT_TAIL_TITLE = 'Last lines read before the cut (not the end of the log)';

const DEFAULTS = { contextBefore: 5, contextAfter: 5, tailLines: 20, maxChars: 2600 };
/** A traceback keeps its first lines and its last ones; a recursion error's thousand frames are not needed. */
const TRACEBACK_HEAD_LINES = 40;
const TRACEBACK_MAX_LINES = 300;
/** A marker and the traceback it announces are at most this many lines apart. */
const MARKER_REACH = 3;
/** Candidate cause lines remembered, the newest last. */
const CAUSE_CANDIDATES = 8;

/** A stretch of the log kept while reading: a traceback or one error line, with the lines around it. */
interface Capture {
  kind: 'traceback' | 'line';
  lines: Map<number, string>;
  /** The traceback header, or the error line. */
  start: number;
  /** The exception line closing the traceback, or the error line. */
  exception: number;
  /** Airflow's `Task failed with exception` line that announced it. */
  marker?: number;
  /** The first line kept before `start`. */
  before: number;
}

interface OpenTraceback {
  capture: Capture;
  phase: 'frames' | 'after' | 'chain';
}

interface Pending {
  capture: Capture;
  left: number;
}

/**
 * Builds a log excerpt from lines pushed one at a time, in memory that does not grow with the
 * log: a ring of the last lines, the traceback Airflow reported as the failure, the first error,
 * the last process-level cause and a few candidate cause lines. See `finish` for what is shown.
 *
 * @example
 * const collector = new LogExcerptCollector();
 * for await (const line of lines) collector.push(line);
 * const excerpt = collector.finish();
 */
export class LogExcerptCollector {
  private readonly settings: Required<Omit<LogExcerptOptions, 'mask'>>;
  private readonly mask: (line: string) => string;
  private readonly recent: RecentLines;
  private count = 0;
  private open: OpenTraceback | undefined;
  private pending: Pending[] = [];
  private failure: Capture | undefined;
  private lastTraceback: Capture | undefined;
  private firstError: Capture | undefined;
  private process: KeptLine | undefined;
  private markerAt = -Infinity;
  private readonly strong = new RingBuffer<KeptLine>(CAUSE_CANDIDATES);
  private readonly weak = new RingBuffer<KeptLine>(CAUSE_CANDIDATES);
  private readonly keptLineMax: number;

  constructor(options: LogExcerptOptions = {}) {
    this.settings = resolveOptions(options);
    this.mask = options.mask ?? ((line) => line);
    this.recent = new RecentLines(Math.max(this.settings.tailLines, this.settings.contextBefore + MARKER_REACH));
    // Longer than any line is shown, so masking sees every secret that could be shown whole.
    this.keptLineMax = this.settings.maxChars + 200;
  }

  /** Lines pushed or skipped so far. */
  get lineCount(): number {
    return this.count;
  }

  /** True while the next lines must be seen: a traceback is open, or lines after a capture are due. */
  get busy(): boolean {
    return this.open !== undefined || this.pending.length > 0;
  }

  /**
   * `count` lines were passed over unread (the reader found nothing the excerpt looks for in or
   * near them): they count, and the last lines kept no longer lead up to the next one.
   */
  skip(count: number): void {
    this.count += count;
    this.recent.clear();
  }

  push(rawLine: string): void {
    const n = (this.count += 1);
    const text = rawLine.length > this.keptLineMax ? rawLine.slice(0, this.keptLineMax) : rawLine;
    const consumed = this.open !== undefined && this.continueTraceback(n, text);
    for (const pending of this.pending) {
      pending.capture.lines.set(n, text);
      pending.left -= 1;
    }
    if (this.pending.length > 0) this.pending = this.pending.filter((pending) => pending.left > 0);
    if (!consumed && WORTH_A_LOOK.test(text)) this.classify(n, text);
    this.recent.push(n, text);
  }

  /**
   * A line the reader already found uninteresting (no pattern of `failure-patterns.ts` matches its
   * raw form), kept raw and rendered only if it is shown: a large NDJSON log is not parsed whole.
   */
  pushUninteresting(raw: string, render: RenderLine): void {
    if (this.open !== undefined || this.pending.length > 0) {
      this.push(render(raw));
      return;
    }
    this.count += 1;
    this.recent.push(this.count, raw, render);
  }

  /**
   * The excerpt, within `maxChars`. It gives room in this order: the exception line of the failure
   * (the traceback Airflow reported, else the last traceback), the process-level cause (a kill, a
   * timeout) when there is no reported failure, the cause line earlier in the operator's output
   * when the final exception is generic, the last 5 lines, the rest of the failure's traceback,
   * the first earlier error, the rest of the last lines, then the lines around each.
   */
  finish(cut?: LogCut): LogExcerpt {
    if (this.open) this.closeTraceback(this.open.capture, true);
    const plan = this.plan();
    const excerpt = selectExcerpt(plan, this.settings.maxChars, this.count, this.mask);
    if (!cut) return excerpt;
    // The last lines read are not the log's last: say so wherever they are shown.
    const sections = excerpt.sections.map((section) => (section.kind === 'tail' ? { ...section, title: CUT_TAIL_TITLE } : section));
    return { ...excerpt, sections, truncated: true, cut };
  }

  private plan(): ExcerptPlan {
    const failure = this.failure ?? this.lastTraceback;
    const reported = this.failure !== undefined && this.failure.kind === 'traceback';
    const exceptionText = failure?.lines.get(failure.exception) ?? '';
    const generic = failure !== undefined && GENERIC_FAILURE.test(exceptionText);
    const process =
      this.process && (!reported || generic || (failure !== undefined && this.process.n > failure.exception)) ? this.process : undefined;
    const causeBefore = generic && failure ? failureStart(failure) : process && !reported ? process.n : undefined;
    const cause = causeBefore === undefined ? undefined : this.causeBefore(causeBefore);
    const first = this.firstError && this.firstError !== failure && (!failure || this.firstError.start < failure.before) ? this.firstError : undefined;
    return {
      failure,
      process,
      cause,
      firstError: first,
      tail: this.recent.last(this.settings.tailLines),
    };
  }

  /** The newest strong cause line before `line`, else the newest weak one. */
  private causeBefore(line: number): KeptLine | undefined {
    const pick = (ring: RingBuffer<KeptLine>) => ring.toArray().filter((candidate) => candidate.n < line).at(-1);
    return pick(this.strong) ?? pick(this.weak);
  }

  private classify(n: number, text: string): void {
    if (text.includes(TRACEBACK_HEADER)) {
      const capture = this.newCapture('traceback', n, text);
      if (n - this.markerAt <= MARKER_REACH) capture.marker = this.markerAt;
      this.firstError ??= capture;
      this.open = { capture, phase: 'frames' };
      return;
    }
    const bookkeeping = AIRFLOW_BOOKKEEPING.test(text);
    if (FAILURE_MARKER.test(text)) {
      this.markerAt = n;
      const capture = this.newCapture('line', n, text);
      capture.marker = n;
      this.failure = capture;
      this.pending.push({ capture, left: this.settings.contextAfter });
    }
    if (PROCESS_CAUSE.test(text)) this.process = { n, text };
    if (!bookkeeping && STRONG_CAUSE.test(text)) this.strong.push({ n, text });
    else if (!bookkeeping && WEAK_CAUSE.test(text)) this.weak.push({ n, text });
    if (this.firstError === undefined && ERROR_LINE.test(text)) {
      const capture = this.failure?.start === n ? this.failure : this.newCapture('line', n, text);
      this.firstError = capture;
      if (capture !== this.failure) this.pending.push({ capture, left: this.settings.contextAfter });
    }
  }

  /** Whether the line belongs to the open traceback; closes it when the line does not. */
  private continueTraceback(n: number, text: string): boolean {
    const open = this.open;
    if (!open) return false;
    const { capture } = open;
    const blank = text.trim() === '';
    if (open.phase === 'frames') {
      if (!blank && !/^\s/.test(text)) {
        capture.exception = n;
        open.phase = 'after';
      }
      this.keep(capture, n, text);
      return true;
    }
    if (blank) {
      this.keep(capture, n, text);
      return true;
    }
    if (open.phase === 'after' && CHAINED_EXCEPTION.test(text)) {
      open.phase = 'chain';
      this.keep(capture, n, text);
      return true;
    }
    if (open.phase === 'chain' && text.includes(TRACEBACK_HEADER)) {
      open.phase = 'frames';
      this.keep(capture, n, text);
      return true;
    }
    this.closeTraceback(capture, false);
    return false;
  }

  private closeTraceback(capture: Capture, atEnd: boolean): void {
    const open = this.open;
    this.open = undefined;
    if (atEnd && open?.phase === 'frames') {
      // Cut off by the end of the log: the last non-blank line stands for the exception.
      const numbers = [...capture.lines.keys()].filter((k) => k >= capture.start && (capture.lines.get(k) ?? '').trim() !== '');
      capture.exception = numbers.at(-1) ?? capture.start;
    }
    this.lastTraceback = capture;
    if (capture.marker !== undefined) this.failure = capture;
    if (!atEnd) this.pending.push({ capture, left: this.settings.contextAfter });
  }

  /** Keeps a traceback line; a very long traceback gives up lines from its middle. */
  private keep(capture: Capture, n: number, text: string): void {
    capture.lines.set(n, text);
    if (n - capture.start >= TRACEBACK_MAX_LINES) capture.lines.delete(n - TRACEBACK_MAX_LINES + TRACEBACK_HEAD_LINES);
  }

  private newCapture(kind: Capture['kind'], n: number, text: string): Capture {
    const lines = new Map<number, string>();
    const before = this.recent.last(Math.max(this.settings.contextBefore, MARKER_REACH));
    for (const line of before) lines.set(line.n, line.text);
    lines.set(n, text);
    // A few more lines may be kept (for a marker just above), but only `contextBefore` are shown.
    return { kind, lines, start: n, exception: n, before: Math.max(before[0]?.n ?? n, n - this.settings.contextBefore) };
  }
}

/** Where the failure begins: Airflow's marker line when there is one. */
function failureStart(capture: { start: number; marker?: number }): number {
  return capture.marker !== undefined ? Math.min(capture.marker, capture.start) : capture.start;
}

function resolveOptions(options: LogExcerptOptions): Required<Omit<LogExcerptOptions, 'mask'>> {
  const count = (value: number | undefined, fallback: number): number =>
    value === undefined || !Number.isFinite(value) ? fallback : Math.max(0, Math.floor(value));
  return {
    contextBefore: count(options.contextBefore, DEFAULTS.contextBefore),
    contextAfter: count(options.contextAfter, DEFAULTS.contextAfter),
    tailLines: count(options.tailLines, DEFAULTS.tailLines),
    maxChars: count(options.maxChars, DEFAULTS.maxChars),
  };
}
