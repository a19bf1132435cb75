import { textLines } from './log-text';

/** Keys shown in the head of the line, or too noisy for a Slack excerpt. */
const NOT_SHOWN_AS_EXTRA = new Set(['timestamp', 'level', 'event', 'error_detail', 'logger', 'chan', 'filename', 'lineno']);
const CAUSE_SEPARATOR = 'The above exception was the direct cause of the following exception:';
const CONTEXT_SEPARATOR = 'During handling of the above exception, another exception occurred:';

/**
 * Lines of an Airflow 3 log page. Each item is a `StructuredLogMessage` (`event` required,
 * `timestamp` and any other keys optional) or, from older servers, a plain string. A message
 * becomes `timestamp LEVEL event key=value…`, followed by its `error_detail` as a Python-style
 * traceback so the failure reads as it would in a plain-text log.
 *
 * @example
 * structuredLogLines([{ timestamp: '2025-01-01T00:00:00Z', level: 'error', event: 'Task failed' }]);
 * // ['2025-01-01T00:00:00Z ERROR Task failed']
 */
export function structuredLogLines(content: readonly unknown[]): string[] {
  return content.flatMap((item) => {
    if (typeof item === 'string') return textLines(item);
    if (isRecord(item)) return messageLines(item);
    return [];
  });
}

function messageLines(message: Record<string, unknown>): string[] {
  const level = typeof message.level === 'string' ? message.level.toUpperCase() : undefined;
  const event = typeof message.event === 'string' ? message.event : scalarText(message.event);
  const extras = Object.entries(message)
    .filter(([key, value]) => !NOT_SHOWN_AS_EXTRA.has(key) && scalarText(value) !== undefined)
    .map(([key, value]) => `${key}=${scalarText(value)}`);
  const head = [scalarText(message.timestamp), level, event, ...extras].filter((part) => part).join(' ');
  return [...textLines(head), ...tracebackLines(message.error_detail)];
}

/**
 * structlog's `error_detail`: a list of exceptions, the one raised first in the list and the ones
 * that caused it after. Python prints causes first, so the list is walked from its end.
 */
function tracebackLines(detail: unknown): string[] {
  if (typeof detail === 'string') return textLines(detail);
  if (!Array.isArray(detail)) return [];
  const stacks = detail.filter(isRecord);
  const lines: string[] = [];
  for (let index = stacks.length - 1; index >= 0; index -= 1) {
    const stack = stacks[index];
    const frames = Array.isArray(stack.frames) ? stack.frames.filter(isRecord) : [];
    if (frames.length > 0) lines.push('Traceback (most recent call last):');
    for (const frame of frames) {
      lines.push(`  File "${scalarText(frame.filename) ?? '?'}", line ${scalarText(frame.lineno) ?? '?'}, in ${scalarText(frame.name) ?? '?'}`);
    }
    const type = scalarText(stack.exc_type) ?? 'Exception';
    const value = scalarText(stack.exc_value);
    lines.push(...textLines(value ? `${type}: ${value}` : type));
    if (Array.isArray(stack.exc_notes)) lines.push(...stack.exc_notes.flatMap((note) => textLines(scalarText(note) ?? '')));
    // Each cause says how it led to the exception printed after it.
    if (index > 0) lines.push('', stack.is_cause === true ? CAUSE_SEPARATOR : CONTEXT_SEPARATOR, '');
  }
  return lines;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Lines of one NDJSON log record from Airflow 3's streamed log: a `StructuredLogMessage`, or a
 * `{"content": …}` record as the API's example shows; a line that is not JSON is kept as text.
 *
 * @example
 * ndjsonRecordLines('{"event":"Task failed","level":"error"}'); // ['ERROR Task failed']
 */
export function ndjsonRecordLines(record: string): string[] {
  if (record.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(record);
  } catch {
    return [record];
  }
  if (isRecord(parsed) && parsed.event === undefined && typeof parsed.content === 'string') return textLines(parsed.content);
  return structuredLogLines([parsed]);
}
