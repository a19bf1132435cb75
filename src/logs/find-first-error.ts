/** Where the first error of a task log is, as 0-based line indexes. */
export interface FirstError {
  /** A Python traceback (`Traceback (most recent call last):` up to the exception line), or one error line. */
  kind: 'traceback' | 'line';
  /** The traceback header or the error line. */
  start: number;
  /** The exception line (`ValueError: …`), or `start` for a single error line. */
  end: number;
}

const TRACEBACK_HEADER = 'Traceback (most recent call last):';
const CHAINED_EXCEPTION = /^(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/;
const ERROR_LINE = /\b(?:ERROR|CRITICAL)\b|(?:Error|Exception)\b|Task failed/;

/**
 * Finds the first error: the first Python traceback anywhere in the log, else the first line with
 * an `ERROR` (or `CRITICAL`) level, an `…Error`/`…Exception` name, or `Task failed`.
 *
 * @example
 * findFirstError(['ok', 'Traceback (most recent call last):', '  File "x.py", line 1', 'ValueError: bad']);
 * // { kind: 'traceback', start: 1, end: 3 }
 */
export function findFirstError(lines: readonly string[]): FirstError | undefined {
  const header = lines.findIndex((line) => line.includes(TRACEBACK_HEADER));
  if (header !== -1) return { kind: 'traceback', start: header, end: tracebackEnd(lines, header) };
  const line = lines.findIndex((text) => ERROR_LINE.test(text));
  return line === -1 ? undefined : { kind: 'line', start: line, end: line };
}

/**
 * The exception line closing a traceback: the first line after the header that is neither blank
 * nor indented. A chained traceback ("During handling of the above exception…") that follows at
 * once is part of the same failure, so the block runs to its exception line instead.
 */
function tracebackEnd(lines: readonly string[], header: number): number {
  let next = header + 1;
  for (;;) {
    while (next < lines.length && (lines[next].trim() === '' || /^\s/.test(lines[next]))) next += 1;
    if (next >= lines.length) return lastNonBlank(lines, header);
    const exceptionLine = next;
    let after = skipBlank(lines, exceptionLine + 1);
    if (after >= lines.length || !CHAINED_EXCEPTION.test(lines[after])) return exceptionLine;
    after = skipBlank(lines, after + 1);
    if (after >= lines.length || !lines[after].includes(TRACEBACK_HEADER)) return exceptionLine;
    next = after + 1;
  }
}

function skipBlank(lines: readonly string[], from: number): number {
  let index = from;
  while (index < lines.length && lines[index].trim() === '') index += 1;
  return index;
}

/** A traceback cut off by the end of the log ends at its last non-blank line. */
function lastNonBlank(lines: readonly string[], header: number): number {
  let index = lines.length - 1;
  while (index > header && lines[index].trim() === '') index -= 1;
  return index;
}
