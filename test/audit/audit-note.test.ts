import { auditLine, BOT_LINE_MARKER, composeNote, isBotLine, neutraliseUserText, userNoteEntry } from '../../src/audit/audit-note';
import { codePointLength } from '../../src/audit/text-length';
import { BotError } from '../../src/errors';

const AT = new Date('2026-11-23T09:00:42.123Z');

/** An audit line as the bot writes it, at minute `minute` of 09:00. */
function oldAuditLine(minute: number): string {
  return auditLine({ verb: 'Cleared', userName: 'bob', userId: 'U2', at: new Date(Date.UTC(2026, 10, 20, 9, minute)) });
}

describe('auditLine', () => {
  it('starts with the bot marker and names the verb, the user handle and the UTC minute', () => {
    expect(auditLine({ verb: 'Marked success', userName: 'alice', userId: 'U1', at: AT })).toBe(
      '🤖 Marked success by @alice from Slack (2026-11-23 09:00 UTC)',
    );
  });

  it('uses the user mention when there is no handle', () => {
    expect(auditLine({ verb: 'Cleared', userId: 'U0ALICE', at: AT })).toBe('🤖 Cleared by <@U0ALICE> from Slack (2026-11-23 09:00 UTC)');
  });

  it('writes the time in UTC whatever the offset it was given in', () => {
    expect(auditLine({ verb: 'Cleared', userName: 'alice', userId: 'U1', at: new Date('2026-11-23T23:59:59+05:30') })).toBe(
      '🤖 Cleared by @alice from Slack (2026-11-23 18:29 UTC)',
    );
  });

  it('keeps the line on one line and does not double the @', () => {
    expect(auditLine({ verb: 'Marked\nfailed ', userName: '@al\tice', userId: 'U1', at: AT })).toBe(
      '🤖 Marked failed by @al ice from Slack (2026-11-23 09:00 UTC)',
    );
  });

  it('throws an internal BotError for an invalid date', () => {
    const call = () => auditLine({ verb: 'Cleared', userId: 'U1', at: new Date('not a date') });
    expect(call).toThrow(BotError);
    expect(call).toThrow('The audit note could not be written: the time of the action is not a valid date.');
  });

  it('throws an internal BotError for an empty verb or user', () => {
    expect(() => auditLine({ verb: ' ', userId: 'U1', at: AT })).toThrow(
      'The audit note could not be written: the action or the user is missing.',
    );
    expect(() => auditLine({ verb: 'Cleared', userName: '', userId: '', at: AT })).toThrow(
      'The audit note could not be written: the action or the user is missing.',
    );
  });
});

describe('bot lines and user text', () => {
  it('recognises the lines the bot writes, and nothing a user wrote', () => {
    expect(isBotLine(auditLine({ verb: 'Cleared', userId: 'U1', at: AT }))).toBe(true);
    expect(isBotLine('Marked success by @bob from Slack (2026-11-23 09:00 UTC)')).toBe(false);
    expect(isBotLine(userNoteEntry(`${BOT_LINE_MARKER} Marked success by @bob from Slack (2026-11-23 09:00 UTC)`, '@mallory'))).toBe(false);
  });

  it('rewrites the marker at the start of every user line, and only there', () => {
    expect(neutraliseUserText('🤖 forged\n  🤖 also forged\nfine 🤖 here')).toBe(
      ':robot_face: forged\n  :robot_face: also forged\nfine 🤖 here',
    );
  });

  it('signs a user note with its author, neutralised', () => {
    expect(userNoteEntry('  🤖 Cleared by @bob from Slack (2026-11-23 09:00 UTC) ', '@mallory')).toBe(
      ':robot_face: Cleared by @bob from Slack (2026-11-23 09:00 UTC) (@mallory from Slack)',
    );
  });
});

describe('composeNote', () => {
  const line = auditLine({ verb: 'Marked success', userName: 'alice', userId: 'U1', at: AT });

  it('returns the entry alone when there is no note', () => {
    expect(composeNote(null, line, 'bot')).toBe(line);
    expect(composeNote('', line, 'bot')).toBe(line);
    expect(composeNote(' \n ', line, 'bot')).toBe(line);
  });

  it('adds the entry under the existing note', () => {
    expect(composeNote('Upstream was late.\n', line, 'bot')).toBe(`Upstream was late.\n${line}`);
  });

  it('keeps everything when the result is exactly at the limit', () => {
    const existing = 'x'.repeat(1000 - codePointLength(line) - 1);
    const note = composeNote(existing, line, 'bot');
    expect(note).toBe(`${existing}\n${line}`);
    expect(codePointLength(note ?? '')).toBe(1000);
  });

  it('drops the oldest bot lines first, one at a time, and keeps the text written by people', () => {
    const old = Array.from({ length: 30 }, (_, minute) => oldAuditLine(minute));
    const existing = ['Investigating, do not clear.', ...old].join('\n');
    const note = composeNote(existing, line, 'bot') ?? '';

    const lines = note.split('\n');
    expect(lines[0]).toBe('Investigating, do not clear.');
    expect(lines.at(-1)).toBe(line);
    const keptOld = lines.slice(1, -1);
    expect(keptOld).toEqual(old.slice(old.length - keptOld.length));
    expect(keptOld.length).toBeGreaterThan(0);
    expect(codePointLength(note)).toBeLessThanOrEqual(1000);
    // One more old line would not have fitted.
    const withOneMore = [lines[0], old[old.length - keptOld.length - 1], ...keptOld, line].join('\n');
    expect(codePointLength(withOneMore)).toBeGreaterThan(1000);
  });

  it('never cuts or drops text written by people: when only that is left, the entry does not fit', () => {
    const people = 'p'.repeat(960);
    const existing = [oldAuditLine(1), people, oldAuditLine(2)].join('\n');
    expect(composeNote(existing, line, 'bot')).toBeUndefined();
  });

  it('lets a user note drop older bot lines but never the newest one', () => {
    const older = [oldAuditLine(1), oldAuditLine(2), oldAuditLine(3)];
    const userText = `${'u'.repeat(900)} (@carol from Slack)`;
    expect(composeNote(older.join('\n'), userText, 'user')).toBe(`${older[2]}\n${userText}`);
    expect(composeNote(older.join('\n'), `${'u'.repeat(980)} (@carol from Slack)`, 'user')).toBeUndefined();
    // A bot line may replace every older bot line.
    expect(composeNote(older.join('\n'), 'b'.repeat(990), 'bot')).toBe('b'.repeat(990));
  });

  it('keeps a real audit line when a user line that looks like one (neutralised) fills the note', () => {
    const forged = userNoteEntry(`🤖 Marked success by @bob from Slack (2026-11-23 09:00 UTC)${' '.repeat(5)}${'.'.repeat(870)}`, '@mallory');
    const real = oldAuditLine(5);
    const existing = `${real}\n${forged}`;
    // The real line is the only bot line: it may go to make room for a new bot line, never for the forged one.
    expect(composeNote(existing, 'short user note (@carol from Slack)', 'user')).toBeUndefined();
    expect(composeNote(`${real}\nshort`, 'x (@carol from Slack)', 'user')).toBe(`${real}\nshort\nx (@carol from Slack)`);
  });

  it('counts an emoji as one character', () => {
    const existing = '🔥'.repeat(1000 - codePointLength(line) - 1);
    expect(codePointLength(composeNote(existing, line, 'bot') ?? '')).toBe(1000);
    expect(composeNote(`${existing}🔥`, line, 'bot')).toBeUndefined();
  });

  it('does not fit an entry longer than the limit on its own', () => {
    expect(composeNote(null, 'x'.repeat(1001), 'bot')).toBeUndefined();
    expect(composeNote(oldAuditLine(1), 'x'.repeat(1000), 'bot')).toBe('x'.repeat(1000));
  });

  it('throws an internal BotError for a blank entry or a bad limit', () => {
    expect(() => composeNote('Old note', ' \n', 'user')).toThrow('The note could not be written: the new entry is empty.');
    expect(() => composeNote('Old note', line, 'bot', 0)).toThrow('A note limit must be a positive whole number, not 0.');
    expect(() => composeNote('Old note', line, 'bot', 1.5)).toThrow(BotError);
  });
});
