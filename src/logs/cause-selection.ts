import { cutLine } from './cut-line';
import type { KeptLine } from './excerpt-selection';
import {
  AIRFLOW_BOOKKEEPING,
  EXIT_CODE,
  JVM_CAUSED_BY,
  JVM_TOP_EXCEPTION,
  POD_FAILURE,
  PROCESS_END,
  PYTHON_EXCEPTION_LINE,
  RECORD_START,
  RETRY_NOTE,
  STOPPED_FROM_OUTSIDE,
  TOOL_ERROR,
  TRACEBACK_HEADER,
} from './failure-patterns';

/**
 * How strongly a line names why a task failed; the higher wins. Gaps leave room for a kind
 * between two others without renumbering.
 */
export const CAUSE_RANK = {
  /** The last exception of the traceback Airflow reported (or of the last traceback). */
  failureException: 100,
  /** The first exception of that traceback's chain: the one every other was raised from. */
  rootException: 95,
  /** A JVM's `Caused by:` line; the last one of a trace is the deepest. */
  jvmCausedBy: 90,
  /** A tool's own error line: dbt's `Database Error in model …`, a shell's `Permission denied`. */
  toolError: 85,
  /** The state set from outside, or a pid mismatch: why Airflow sent the SIGTERM. */
  stoppedFromOutside: 84,
  /** A pod that failed: OOMKilled, an image that could not be pulled. */
  podFailure: 82,
  /** A signal, a kill, a sensor's timeout. */
  processEnd: 80,
  /** A shell command's non-zero return code. */
  exitCode: 70,
  /** A JVM's outermost exception: what failed, not why. */
  jvmTopException: 60,
  /** An exception between the root and the last one of a chain. */
  chainedException: 55,
  /** The failure's exception when it only says a subprocess failed (`Bash command failed …`). */
  genericFailureException: 45,
  /** An exception line printed without a traceback header above it. */
  strayException: 40,
  /** Airflow's `Failed to execute job …` and `Task exited with return code 1`: all some logs have. */
  bookkeeping: 15,
  /** An exception of a traceback that did not fail the task (a retried call). */
  otherException: 12,
  /** Any other ERROR or CRITICAL line. */
  errorLine: 10,
} as const;

/**
 * The rank from which a candidate is shown next to a stronger one. Below it, a line is shown only
 * when nothing stronger was found: a weak ERROR line never crowds out an exception.
 */
export const SHOWN_BESIDE_STRONGER = 50;

/** A line that names a cause, with the lines after it that belong to it. */
export interface CauseCandidate {
  head: KeptLine;
  /** The rest of an exception's message, or a tool's detail lines under its error line. */
  details: KeptLine[];
  rank: number;
  /** Always shown: the exception that failed the task, even when it only says a subprocess failed. */
  required?: boolean;
}

/** How much of the cause is shown: the alert shows less than the log view. */
export interface CauseLimits {
  maxLines: number;
  /** Every shown line counts its length plus one for its newline. */
  maxChars: number;
}

/** What an alert shows: the few strongest lines. */
export const ALERT_CAUSE_LIMITS: CauseLimits = { maxLines: 8, maxChars: 1200 };

/** What the log view's "Why the task failed" shows. */
export const LOG_VIEW_CAUSE_LIMITS: CauseLimits = { maxLines: 16, maxChars: 2000 };

/** A line shorter than this is not worth showing cut. */
const MIN_PARTIAL_LINE = 20;
/** Levels as Airflow, Celery and structlog print them, near the start of a line. */
const LEVEL = /\b(DEBUG|INFO|WARN(?:ING)?|ERROR|CRITICAL|FATAL)\b/;
const LEVEL_REACH = 80;
/** A stack frame: Python's `  File "…"`, a JVM's `\tat …` and `... 12 more`. */
const FRAME_LINE = /^\s+(?:File "|at )|^\s*\.\.\. \d+ more/;
/** Airflow 2's `[time] {source} LEVEL - ` or Celery's `[time: LEVEL/Process] `, before the message. */
const RECORD_PREFIX = /^\[[^\]]*\]\s*(?:\{\{?([^}]*)\}?\}\s*)?(?:[A-Z]+\s+-\s?)?|^\S+\s+(?:DEBUG|INFO|WARNING|ERROR|CRITICAL)\s/;
/** A tool's own clock at the start of its message, as dbt prints it (`06:02:16  `). */
const TOOL_TIME = /^\d\d:\d\d:\d\d(?:[.,]\d+)?/;

/**
 * The rank of a line outside a traceback as a cause, or `undefined` when it names none. Airflow's
 * bookkeeping never outranks a real cause, and a note that something will be retried names none.
 *
 * @example
 * lineCauseRank("[…] {subprocess.py:106} INFO - ls: cannot access '/data': Permission denied"); // 85
 * lineCauseRank('[…] {http.py:211} WARNING - ConnectionError, retrying in 5s'); // undefined
 */
export function lineCauseRank(text: string): number | undefined {
  // Source code quoted by a traceback names what would be raised, not what was.
  if (FRAME_LINE.test(text) || /^\s+raise\b/.test(text)) return undefined;
  if (STOPPED_FROM_OUTSIDE.test(text)) return CAUSE_RANK.stoppedFromOutside;
  if (PROCESS_END.test(text)) return CAUSE_RANK.processEnd;
  if (AIRFLOW_BOOKKEEPING.test(text)) return /Failed to execute job|Task exited with return code/.test(text) ? CAUSE_RANK.bookkeeping : undefined;
  if (POD_FAILURE.test(text)) return CAUSE_RANK.podFailure;
  if (RETRY_NOTE.test(text)) return undefined;
  if (JVM_CAUSED_BY.test(text)) return CAUSE_RANK.jvmCausedBy;
  if (TOOL_ERROR.test(text)) return CAUSE_RANK.toolError;
  if (EXIT_CODE.test(text)) return CAUSE_RANK.exitCode;
  if (JVM_TOP_EXCEPTION.test(text)) return CAUSE_RANK.jvmTopException;
  if (PYTHON_EXCEPTION_LINE.test(text)) return CAUSE_RANK.strayException;
  const level = LEVEL.exec(text.slice(0, LEVEL_REACH))?.[1];
  if (level === 'ERROR' || level === 'CRITICAL' || level === 'FATAL') return CAUSE_RANK.errorLine;
  return undefined;
}

/**
 * Whether `line`, right after `head` (or after its details so far), is one of its detail lines:
 * the rest of the same record (a line that starts no record), or the same program's output
 * indented under it (dbt's reason under `Database Error in model …`) or after a message that ends
 * in a colon. A blank line, a stack frame
 * or another record stops the details.
 */
export function continuesCause(head: string, line: string): boolean {
  const message = messageOf(line);
  if (!/[A-Za-z]/.test(message.text) || FRAME_LINE.test(message.text) || line.includes(TRACEBACK_HEADER)) return false;
  if (!message.record) return true;
  const above = messageOf(head);
  if (!above.record || above.source !== message.source) return false;
  const own = toolIndent(message.text);
  // A message that ends in a colon (`docker: … mounts denied:`) goes on in the next lines it prints.
  if (above.text.trimEnd().endsWith(':')) return true;
  const parent = toolIndent(above.text);
  // A tool's message continued without its clock, or indented deeper under the same clock.
  if (parent.timed && !own.timed) return true;
  return own.indent > parent.indent;
}

/**
 * A line's message without its record's prefix (time, `{source}`, level), and the source; a line
 * that starts no record is all message.
 */
export function messageOf(line: string): { record: boolean; source?: string; text: string } {
  if (!RECORD_START.test(line)) return { record: false, text: line };
  const prefix = RECORD_PREFIX.exec(line);
  return prefix ? { record: true, source: prefix[1], text: line.slice(prefix[0].length) } : { record: true, text: line };
}

function toolIndent(text: string): { timed: boolean; indent: number } {
  const time = TOOL_TIME.exec(text);
  const rest = time ? text.slice(time[0].length) : text;
  return { timed: time !== null, indent: rest.length - rest.trimStart().length };
}

/**
 * The lines that say why a task failed, in log order: the strongest candidates' lines first
 * (the failure's exception and the root of its chain, a tool's error line, the signal or state
 * change that ended the task), then their detail lines taken in turn, one of each before the
 * second of any, until `limits` are reached. The failure's exception is always among them; weaker
 * candidates come only when nothing stronger was found, and only one of lines alike but for their
 * numbers (four workers killed the same way) is shown. Every line is masked before it is cut: a
 * head to half the budget, a detail line to a quarter.
 *
 * @example
 * selectCause(candidates, ALERT_CAUSE_LIMITS, (line) => masker.maskContent(line));
 * // [{ n: 31, text: "ValueError: Column 'order_total' has 42 null values" }]
 */
export function selectCause(candidates: readonly CauseCandidate[], limits: CauseLimits, mask: (line: string) => string = (line) => line): KeptLine[] {
  const ordered = [...candidates].sort((a, b) => b.rank - a.rank || b.head.n - a.head.n);
  const best = ordered[0];
  const seen = new Set<string>();
  const chosen = ordered.filter((candidate) => {
    if (candidate !== best && !candidate.required && candidate.rank < SHOWN_BESIDE_STRONGER) return false;
    const alike = candidate.head.text.replace(/\d+/g, '#').replace(/^\[[^\]]*\]/, '');
    if (seen.has(alike)) return false;
    seen.add(alike);
    return true;
  });

  const shown = new Map<number, string>();
  let budget = limits.maxChars;
  const show = (line: KeptLine, limit: number): boolean => {
    if (shown.has(line.n)) return true;
    if (shown.size >= limits.maxLines) return false;
    const masked = mask(line.text);
    const text = cutLine(masked, Math.min(limit, budget - 1));
    if (text.length + 1 > budget || (text !== masked && text.length < MIN_PARTIAL_LINE)) return false;
    shown.set(line.n, text);
    budget -= text.length + 1;
    return true;
  };
  const headLimit = Math.floor(limits.maxChars / 2);
  const detailLimit = Math.floor(limits.maxChars / 4);
  for (const candidate of chosen) show(candidate.head, headLimit);
  // Details in turns, so a long exception message does not crowd out its root's.
  const broken = new Set<CauseCandidate>();
  const depth = Math.max(0, ...chosen.map((candidate) => candidate.details.length));
  for (let i = 0; i < depth; i += 1) {
    for (const candidate of chosen) {
      const detail = candidate.details[i];
      if (detail === undefined || broken.has(candidate) || !shown.has(candidate.head.n)) continue;
      // A detail line that does not fit ends its candidate's details: they stay unbroken.
      if (!show(detail, detailLimit)) broken.add(candidate);
    }
  }
  return [...shown].sort(([a], [b]) => a - b).map(([n, text]) => ({ n, text }));
}
