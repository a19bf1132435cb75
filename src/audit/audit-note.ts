import { BotError } from '../errors';
import { codePointLength } from './text-length';

/** Airflow's limit on a task instance note. */
export const AUDIT_NOTE_MAX_LENGTH = 1000;

/**
 * Starts every line the bot writes on its own behalf (audit lines). Text from users never starts a
 * line with it: {@link neutraliseUserText} rewrites it, so a user cannot write a line the bot would
 * take for its own and drop.
 */
export const BOT_LINE_MARKER = '🤖';

/** What a user's leading marker becomes: Slack's own name for the same emoji. */
const NEUTRAL_MARKER = ':robot_face:';

export interface AuditLineInput {
  /** What was done, capitalised: `Marked success`, `Cleared`. */
  verb: string;
  /** The Slack handle, shown as `@name`; the `<@U…>` mention is used when absent. */
  userName?: string;
  userId: string;
  at: Date;
}

/**
 * The line recorded in a task instance's note after an action, on one line whatever the input and
 * starting with {@link BOT_LINE_MARKER}.
 *
 * @throws `BotError('internal')` when `at` is not a valid date or the verb or user is empty.
 * @example
 * auditLine({ verb: 'Marked success', userName: 'alice', userId: 'U1', at: new Date('2026-11-23T09:00:00Z') });
 * // '🤖 Marked success by @alice from Slack (2026-11-23 09:00 UTC)'
 */
export function auditLine(input: AuditLineInput): string {
  const verb = oneLine(neutraliseUserText(input.verb));
  const userName = input.userName === undefined ? '' : oneLine(input.userName).replace(/^@+/, '');
  const userId = oneLine(input.userId);
  if (verb === '' || (userName === '' && userId === '')) {
    throw new BotError('internal', 'The audit note could not be written: the action or the user is missing.');
  }
  if (Number.isNaN(input.at.getTime())) {
    throw new BotError('internal', 'The audit note could not be written: the time of the action is not a valid date.');
  }
  const who = userName === '' ? `<@${userId}>` : `@${userName}`;
  return `${BOT_LINE_MARKER} ${verb} by ${who} from Slack (${formatUtcMinute(input.at)})`;
}

/** Whether a note line is one the bot wrote on its own behalf (and may drop when the note is full). */
export function isBotLine(line: string): boolean {
  return line.startsWith(BOT_LINE_MARKER);
}

/**
 * User text with every line that starts with the bot's marker rewritten (`🤖` → `:robot_face:`),
 * so it can never pass for a bot line.
 *
 * @example
 * neutraliseUserText('🤖 Marked success by @bob from Slack (2026-11-23 09:00 UTC)')
 * // ':robot_face: Marked success by @bob from Slack (2026-11-23 09:00 UTC)'
 */
export function neutraliseUserText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^(\s*)\u{1F916}/u, `$1${NEUTRAL_MARKER}`))
    .join('\n');
}

/**
 * A user's note as it is appended: the text (neutralised) and who wrote it.
 *
 * @example
 * userNoteEntry('Upstream was late', '@alice') // 'Upstream was late (@alice from Slack)'
 */
export function userNoteEntry(text: string, author: string): string {
  return `${neutraliseUserText(text.trim())} (${author} from Slack)`;
}

/** Who an entry is from: a user's note, or the bot's own line (an audit line). */
export type NoteEntryKind = 'user' | 'bot';

/**
 * The note after appending `entry` below `existingNote`, within `maxLength` code points, or
 * `undefined` when it cannot fit. To make room only the bot's oldest lines are dropped (they are
 * kept in the audit trail); nobody's text is ever cut or dropped. A user's note never drops the
 * newest bot line, so the last action taken from Slack stays visible whatever a user writes.
 *
 * @throws `BotError('internal')` when `entry` is blank or `maxLength` is not a positive integer.
 * @example
 * composeNote('Known flaky upstream', '🤖 Cleared by @alice from Slack (2026-11-23 09:00 UTC)', 'bot');
 * // 'Known flaky upstream\n🤖 Cleared by @alice from Slack (2026-11-23 09:00 UTC)'
 */
export function composeNote(
  existingNote: string | null,
  entry: string,
  kind: NoteEntryKind,
  maxLength = AUDIT_NOTE_MAX_LENGTH,
): string | undefined {
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new BotError('internal', `A note limit must be a positive whole number, not ${maxLength}.`);
  }
  const newEntry = entry.replace(/\s+$/, '');
  if (newEntry.trim() === '') throw new BotError('internal', 'The note could not be written: the new entry is empty.');
  const existing = (existingNote ?? '').replace(/\s+$/, '');
  const lines = existing === '' ? [] : existing.split(/\r?\n/);
  const newestBotLine = kind === 'user' ? lines.findLastIndex(isBotLine) : -1;
  const droppable = lines.map((line, index) => isBotLine(line) && index !== newestBotLine);
  let length = codePointLength([...lines, newEntry].join('\n'));
  while (length > maxLength) {
    const oldest = droppable.indexOf(true);
    if (oldest < 0) return undefined;
    const [dropped] = lines.splice(oldest, 1);
    droppable.splice(oldest, 1);
    length -= codePointLength(dropped ?? '') + 1;
  }
  return [...lines, newEntry].join('\n');
}
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function formatUtcMinute(at: Date): string {
  // `2026-11-23T09:00:12.345Z` → `2026-11-23 09:00 UTC`
  const iso = at.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
