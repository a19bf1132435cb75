import { BotError } from '../errors';
import { codePointLength, lastCodePoints } from './text-length';

/** Airflow's limit on a task instance note. */
export const AUDIT_NOTE_MAX_LENGTH = 1000;

const ELLIPSIS = '…';

/** Lines this module writes: `<verb> by <who> from Slack (YYYY-MM-DD HH:MM UTC)`. */
const AUDIT_LINE_PATTERN = / by .+ from Slack \(\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\)$/;

export interface AuditLineInput {
  /** What was done, capitalised: `Marked success`, `Cleared`. */
  verb: string;
  /** The Slack handle, shown as `@name`; the `<@U…>` mention is used when absent. */
  userName?: string;
  userId: string;
  at: Date;
}

/**
 * The line recorded in a task instance's note after an action, on one line whatever the input.
 *
 * @throws `BotError('internal')` when `at` is not a valid date or the verb or user is empty.
 * @example
 * auditLine({ verb: 'Marked success', userName: 'alice', userId: 'U1', at: new Date('2026-11-23T09:00:00Z') });
 * // 'Marked success by @alice from Slack (2026-11-23 09:00 UTC)'
 */
export function auditLine(input: AuditLineInput): string {
  const verb = oneLine(input.verb);
  const userName = input.userName === undefined ? '' : oneLine(input.userName).replace(/^@+/, '');
  const userId = oneLine(input.userId);
  if (verb === '' || (userName === '' && userId === '')) {
    throw new BotError('internal', 'The audit note could not be written: the action or the user is missing.');
  }
  if (Number.isNaN(input.at.getTime())) {
    throw new BotError('internal', 'The audit note could not be written: the time of the action is not a valid date.');
  }
  const who = userName === '' ? `<@${userId}>` : `@${userName}`;
  return `${verb} by ${who} from Slack (${formatUtcMinute(input.at)})`;
}

/** Whether a note line is one `auditLine` wrote. */
export function isAuditLine(line: string): boolean {
  return AUDIT_LINE_PATTERN.test(line);
}

/**
 * The note after adding `line` below `existingNote`, within `maxLength` code points. When it would
 * be too long, the oldest audit lines go first (they are also in the audit log), then the start of
 * the remaining text is cut and marked with `…`. The new line is always kept; a line longer than
 * `maxLength` on its own keeps its end (where the author and time are).
 *
 * @throws `BotError('internal')` when `line` is blank or `maxLength` is not a positive integer.
 * @example
 * appendAuditLine('Known flaky upstream', 'Cleared by @alice from Slack (2026-11-23 09:00 UTC)');
 * // 'Known flaky upstream\nCleared by @alice from Slack (2026-11-23 09:00 UTC)'
 */
export function appendAuditLine(existingNote: string | null, line: string, maxLength = AUDIT_NOTE_MAX_LENGTH): string {
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new BotError('internal', `A note limit must be a positive whole number, not ${maxLength}.`);
  }
  const trimmedLine = line.replace(/\s+$/, '');
  if (trimmedLine.trim() === '') throw new BotError('internal', 'The audit note could not be written: the new line is empty.');
  const newLine = fitLine(trimmedLine, maxLength);
  const existing = (existingNote ?? '').replace(/\s+$/, '');
  if (existing === '') return newLine;
  // One code point for the newline between the old note and the new line.
  const budget = maxLength - codePointLength(newLine) - 1;
  const kept = fitExisting(existing, budget);
  return kept === '' ? newLine : `${kept}\n${newLine}`;
}

function fitLine(line: string, maxLength: number): string {
  if (codePointLength(line) <= maxLength) return line;
  return ELLIPSIS + lastCodePoints(line, maxLength - 1);
}

/** The existing note cut to `budget` code points: oldest audit lines first, then the text's start. */
function fitExisting(existing: string, budget: number): string {
  if (codePointLength(existing) <= budget) return existing;
  // Not even room for `…` and one character: the old note makes way for the new line.
  if (budget < 2) return '';
  const lines = existing.split(/\r?\n/);
  let length = codePointLength(lines.join('\n'));
  for (let index = 0; index < lines.length && length > budget; ) {
    const candidate = lines[index] ?? '';
    if (!isAuditLine(candidate)) {
      index += 1;
      continue;
    }
    lines.splice(index, 1);
    length -= codePointLength(candidate) + (lines.length > 0 ? 1 : 0);
  }
  const remaining = lines.join('\n').replace(/^\s+/, '');
  if (codePointLength(remaining) <= budget) return remaining;
  return ELLIPSIS + lastCodePoints(remaining, budget - 1).replace(/^\s+/, '');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function formatUtcMinute(at: Date): string {
  // `2026-11-23T09:00:12.345Z` → `2026-11-23 09:00 UTC`
  const iso = at.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
