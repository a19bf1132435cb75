import {
  CAUSE_RANK,
  continuesCause,
  lineCauseRank,
  LOG_VIEW_CAUSE_LIMITS,
  messageOf,
  selectCause,
  type CauseCandidate,
  type CauseLimits,
} from './cause-selection';
import type { LogCut, LogExcerpt } from './excerpt-types';
import { selectExcerpt, type ExcerptPlan } from './excerpt-selection';
import { CHAINED_EXCEPTION, ERROR_LINE, FAILURE_MARKER, GENERIC_FAILURE, RECORD_START, TRACEBACK_HEADER, WORTH_A_LOOK } from './failure-patterns';
import { RecentLines, type RenderLine } from './recent-lines';

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
  /** How much of the cause is shown (see `selectCause`). Default: the log view's. */
  cause?: CauseLimits;
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
/** Cause candidates remembered outside tracebacks; the weakest (then the oldest) give way. */
const CAUSE_CANDIDATES = 24;
/** Detail lines kept under a cause line (dbt's reason under its error line). */
const CAUSE_DETAIL_LINES = 4;
/** Lines of an exception's message after its first (a gRPC status, a SQL statement). */
const EXCEPTION_MESSAGE_LINES = 20;

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
  /** Each exception line of a traceback's chain, the root first, with the rest of its message. */
  exceptions: { n: number; message: number[] }[];
}

interface OpenTraceback {
  capture: Capture;
  phase: 'frames' | 'after' | 'chain';
  /** A blank line came after the exception: what follows is not its message. */
  blankAfter: boolean;
  /** The traceback is another program's output, logged line by line as records (a shell's Python). */
  inRecords: boolean;
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
  private readonly settings: Required<Omit<LogExcerptOptions, 'mask' | 'cause'>>;
  private readonly mask: (line: string) => string;
  private readonly recent: RecentLines;
  private count = 0;
  private open: OpenTraceback | undefined;
  private pending: Pending[] = [];
  private failure: Capture | undefined;
  /** The last traceback Airflow announced as the failure. */
  private reportedTraceback: Capture | undefined;
  private lastTraceback: Capture | undefined;
  private firstError: Capture | undefined;
  private markerAt = -Infinity;
  private candidates: CauseCandidate[] = [];
  /** The cause line whose detail lines may follow. */
  private openCause: CauseCandidate | undefined;
  private readonly causeLimits: CauseLimits;
  private readonly keptLineMax: number;

  constructor(options: LogExcerptOptions = {}) {
    this.settings = resolveOptions(options);
    this.causeLimits = options.cause ?? LOG_VIEW_CAUSE_LIMITS;
    this.mask = options.mask ?? ((line) => line);
    this.recent = new RecentLines(Math.max(this.settings.tailLines, this.settings.contextBefore + MARKER_REACH));
    // Longer than any line is shown, so masking sees every secret that could be shown whole.
    this.keptLineMax = Math.max(this.settings.maxChars, this.causeLimits.maxChars) + 200;
  }

  /** Lines pushed or skipped so far. */
  get lineCount(): number {
    return this.count;
  }

  /** True while the next lines must be seen: a traceback is open, or lines after a capture are due. */
  get busy(): boolean {
    return this.open !== undefined || this.pending.length > 0 || this.openCause !== undefined;
  }

  /**
   * `count` lines were passed over unread (the reader found nothing the excerpt looks for in or
   * near them): they count, and the last lines kept no longer lead up to the next one.
   */
  skip(count: number): void {
    this.count += count;
    this.recent.clear();
    this.openCause = undefined;
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
    const cause = this.openCause;
    this.openCause = undefined;
    if (!consumed && WORTH_A_LOOK.test(text)) this.classify(n, text);
    if (!consumed && this.openCause === undefined && this.open === undefined && cause && continuesCause(cause.head.text, text)) {
      cause.details.push({ n, text });
      if (cause.details.length < CAUSE_DETAIL_LINES) this.openCause = cause;
    }
    this.recent.push(n, text);
  }

  /**
   * A line the reader already found uninteresting (no pattern of `failure-patterns.ts` matches its
   * raw form), kept raw and rendered only if it is shown: a large NDJSON log is not parsed whole.
   */
  pushUninteresting(raw: string, render: RenderLine): void {
    if (this.busy) {
      this.push(render(raw));
      return;
    }
    this.count += 1;
    this.recent.push(this.count, raw, render);
  }

  /**
   * The excerpt: the cause (see `selectCause`, within the `cause` limits), then the sections
   * around it within `maxChars`, given room in this order: the exception line of the failure (the
   * traceback Airflow reported, else the last traceback), the last 5 lines, the rest of the
   * failure's traceback, the first earlier error, the rest of the last lines, then the lines
   * around each.
   */
  finish(cut?: LogCut): LogExcerpt {
    if (this.open) this.closeTraceback(this.open.capture, true);
    const plan = this.plan();
    const cause = selectCause([...this.candidates, ...this.tracebackCandidates()], this.causeLimits, this.mask);
    const selected = selectExcerpt(plan, this.settings.maxChars, this.count, this.mask);
    const excerpt = { ...selected, cause, errorFound: selected.errorFound || cause.length > 0 };
    if (!cut) return excerpt;
    // The last lines read are not the log's last: say so wherever they are shown.
    const sections = excerpt.sections.map((section) => (section.kind === 'tail' ? { ...section, title: CUT_TAIL_TITLE } : section));
    return { ...excerpt, sections, truncated: true, cut };
  }

  private plan(): ExcerptPlan {
    const failure = this.reportedTraceback ?? this.failure ?? this.lastTraceback;
    const first = this.firstError && this.firstError !== failure && (!failure || this.firstError.start < failure.before) ? this.firstError : undefined;
    return { failure, firstError: first, tail: this.recent.last(this.settings.tailLines) };
  }

  /**
   * The exception lines of the failing traceback (the one Airflow reported, else the last): its
   * last exception always, the root of its chain, and those between; an earlier traceback's
   * exception (a retried call) only as a weak candidate.
   */
  private tracebackCandidates(): CauseCandidate[] {
    const failing = this.reportedTraceback ?? this.lastTraceback;
    const candidates: CauseCandidate[] = [];
    const exceptionsOf = (capture: Capture, rank: (index: number, text: string) => number, required: boolean) => {
      capture.exceptions.forEach((exception, index) => {
        const text = capture.lines.get(exception.n);
        if (text === undefined) return;
        const message = exception.message.flatMap((n) => {
          const line = capture.lines.get(n);
          return line === undefined ? [] : [{ n, text: line }];
        });
        const last = index === capture.exceptions.length - 1;
        candidates.push({ head: { n: exception.n, text }, details: message, rank: rank(index, text), ...(required && last ? { required } : {}) });
      });
    };
    if (failing) {
      const count = failing.exceptions.length;
      exceptionsOf(
        failing,
        (index, text) => {
          if (index === count - 1) return GENERIC_FAILURE.test(text) ? CAUSE_RANK.genericFailureException : CAUSE_RANK.failureException;
          return index === 0 ? CAUSE_RANK.rootException : CAUSE_RANK.chainedException;
        },
        true,
      );
    }
    const first = this.firstError;
    if (first && first !== failing && first.kind === 'traceback') exceptionsOf(first, () => CAUSE_RANK.otherException, false);
    return candidates;
  }

  /** Keeps a cause line as a candidate, the weakest (then the oldest) giving way when there are too many. */
  private addCandidate(candidate: CauseCandidate): void {
    this.candidates.push(candidate);
    if (this.candidates.length <= CAUSE_CANDIDATES) return;
    let weakest = 0;
    this.candidates.forEach((other, index) => {
      if (other.rank < this.candidates[weakest]!.rank) weakest = index;
    });
    this.candidates.splice(weakest, 1);
  }

  private classify(n: number, text: string): void {
    if (text.includes(TRACEBACK_HEADER)) {
      const capture = this.newCapture('traceback', n, text);
      if (n - this.markerAt <= MARKER_REACH) capture.marker = this.markerAt;
      this.firstError ??= capture;
      this.open = { capture, phase: 'frames', blankAfter: false, inRecords: !text.trimStart().startsWith(TRACEBACK_HEADER) };
      return;
    }
    const rank = lineCauseRank(text);
    if (rank !== undefined) {
      const candidate: CauseCandidate = { head: { n, text }, details: [], rank };
      this.addCandidate(candidate);
      this.openCause = candidate;
    }
    if (FAILURE_MARKER.test(text)) {
      this.markerAt = n;
      const capture = this.newCapture('line', n, text);
      capture.marker = n;
      this.failure = capture;
      this.pending.push({ capture, left: this.settings.contextAfter });
    }
    if (this.firstError === undefined && ERROR_LINE.test(text)) {
      const capture = this.failure?.start === n ? this.failure : this.newCapture('line', n, text);
      this.firstError = capture;
      if (capture !== this.failure) this.pending.push({ capture, left: this.settings.contextAfter });
    }
  }

  /**
   * Whether the line belongs to the open traceback; closes it when the line does not. After an
   * exception line come the rest of its message (lines that start no record, up to a blank line),
   * then maybe the chain to the next traceback.
   */
  private continueTraceback(n: number, text: string): boolean {
    const open = this.open;
    if (!open) return false;
    const { capture } = open;
    // Another program's traceback logged as records: its lines are the messages.
    const body = open.inRecords && RECORD_START.test(text) ? messageOf(text).text : text;
    const blank = body.trim() === '';
    if (open.phase === 'frames') {
      if (!blank && !/^\s/.test(body)) {
        capture.exception = n;
        capture.exceptions.push({ n, message: [] });
        open.phase = 'after';
        open.blankAfter = false;
      }
      this.keep(capture, n, text);
      return true;
    }
    if (blank) {
      open.blankAfter = true;
      this.keep(capture, n, text);
      return true;
    }
    if (open.phase === 'after' && CHAINED_EXCEPTION.test(body)) {
      open.phase = 'chain';
      this.keep(capture, n, text);
      return true;
    }
    if (open.phase === 'chain' && body.includes(TRACEBACK_HEADER)) {
      open.phase = 'frames';
      this.keep(capture, n, text);
      return true;
    }
    const exception = capture.exceptions.at(-1);
    if (open.phase === 'after' && !open.blankAfter && !open.inRecords && !RECORD_START.test(text) && exception && exception.message.length < EXCEPTION_MESSAGE_LINES) {
      exception.message.push(n);
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
    if (capture.marker !== undefined) {
      this.failure = capture;
      this.reportedTraceback = capture;
    }
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
    return { kind, lines, start: n, exception: n, before: Math.max(before[0]?.n ?? n, n - this.settings.contextBefore), exceptions: [] };
  }
}

function resolveOptions(options: LogExcerptOptions): Required<Omit<LogExcerptOptions, 'mask' | 'cause'>> {
  const count = (value: number | undefined, fallback: number): number =>
    value === undefined || !Number.isFinite(value) ? fallback : Math.max(0, Math.floor(value));
  return {
    contextBefore: count(options.contextBefore, DEFAULTS.contextBefore),
    contextAfter: count(options.contextAfter, DEFAULTS.contextAfter),
    tailLines: count(options.tailLines, DEFAULTS.tailLines),
    maxChars: count(options.maxChars, DEFAULTS.maxChars),
  };
}
