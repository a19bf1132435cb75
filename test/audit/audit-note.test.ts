import { appendAuditLine, auditLine, isAuditLine } from '../../src/audit/audit-note';
import { codePointLength } from '../../src/audit/text-length';
import { BotError } from '../../src/errors';

const AT = new Date('2026-11-23T09:00:42.123Z');

/** An audit line as the bot writes it, at minute `minute` of 09:00. */
function oldAuditLine(minute: number): string {
  return auditLine({ verb: 'Cleared', userName: 'bob', userId: 'U2', at: new Date(Date.UTC(2026, 10, 20, 9, minute)) });
}

describe('auditLine', () => {
  it('names the verb, the user handle and the UTC minute', () => {
    expect(auditLine({ verb: 'Marked success', userName: 'alice', userId: 'U1', at: AT })).toBe(
      'Marked success by @alice from Slack (2026-11-23 09:00 UTC)',
    );
  });

  it('uses the user mention when there is no handle', () => {
    expect(auditLine({ verb: 'Cleared', userId: 'U0ALICE', at: AT })).toBe('Cleared by <@U0ALICE> from Slack (2026-11-23 09:00 UTC)');
  });

  it('writes the time in UTC whatever the offset it was given in', () => {
    expect(auditLine({ verb: 'Cleared', userName: 'alice', userId: 'U1', at: new Date('2026-11-23T23:59:59+05:30') })).toBe(
      'Cleared by @alice from Slack (2026-11-23 18:29 UTC)',
    );
  });

  it('keeps the line on one line and does not double the @', () => {
    expect(auditLine({ verb: 'Marked\nfailed ', userName: '@al\tice', userId: 'U1', at: AT })).toBe(
      'Marked failed by @al ice from Slack (2026-11-23 09:00 UTC)',
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

  it('writes lines that isAuditLine recognises, and only those', () => {
    expect(isAuditLine(auditLine({ verb: 'Cleared', userId: 'U1', at: AT }))).toBe(true);
    expect(isAuditLine(auditLine({ verb: 'Marked skipped', userName: 'alice', userId: 'U1', at: AT }))).toBe(true);
    expect(isAuditLine('Fixed by bob (@alice from Slack)')).toBe(false);
    expect(isAuditLine('Cleared by @alice from Slack')).toBe(false);
  });
});

describe('appendAuditLine', () => {
  const line = auditLine({ verb: 'Marked success', userName: 'alice', userId: 'U1', at: AT });

  it('returns the line alone when there is no note', () => {
    expect(appendAuditLine(null, line)).toBe(line);
    expect(appendAuditLine('', line)).toBe(line);
    expect(appendAuditLine(' \n ', line)).toBe(line);
  });

  it('adds the line under the existing note', () => {
    expect(appendAuditLine('Upstream was late.\n', line)).toBe(`Upstream was late.\n${line}`);
  });

  it('keeps everything when the result is exactly at the limit', () => {
    const existing = 'x'.repeat(1000 - line.length - 1);
    const note = appendAuditLine(existing, line);
    expect(note).toBe(`${existing}\n${line}`);
    expect(note).toHaveLength(1000);
  });

  it('cuts one character more from a note one over the limit', () => {
    const existing = 'ab' + 'x'.repeat(1000 - line.length - 2);
    expect(appendAuditLine(existing, line)).toBe(`…${'x'.repeat(1000 - line.length - 2)}\n${line}`);
  });

  it('cuts the start of a 1000-character note and marks it with …', () => {
    const existing = 'a'.repeat(500) + 'b'.repeat(500);
    const note = appendAuditLine(existing, line);
    const keep = 1000 - line.length - 1 - 1;
    expect(note).toBe(`…${'a'.repeat(keep - 500)}${'b'.repeat(500)}\n${line}`);
    expect(note).toHaveLength(1000);
  });

  it('drops the oldest audit lines first and keeps the text written by people', () => {
    const old = Array.from({ length: 30 }, (_, minute) => oldAuditLine(minute));
    const existing = ['Investigating, do not clear.', ...old].join('\n');
    const note = appendAuditLine(existing, line);

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

  it('drops every audit line before it cuts the text written by people', () => {
    const people = 'p'.repeat(960);
    const existing = [oldAuditLine(1), people, oldAuditLine(2)].join('\n');
    const note = appendAuditLine(existing, line);
    expect(note).toBe(`…${'p'.repeat(1000 - line.length - 2)}\n${line}`);
  });

  it('counts an emoji as one character and never splits it', () => {
    const existing = '🔥'.repeat(1000);
    const note = appendAuditLine(existing, line);
    expect(note).toBe(`…${'🔥'.repeat(1000 - line.length - 2)}\n${line}`);
    expect(codePointLength(note)).toBe(1000);
    expect(note).toBe(Buffer.from(note, 'utf8').toString('utf8'));
  });

  it('keeps a note of multi-byte characters that fits whole', () => {
    const existing = 'Prüfung fehlgeschlagen 😬 — 再試行';
    expect(appendAuditLine(existing, line)).toBe(`${existing}\n${line}`);
  });

  it('does not split a flag or a joined emoji when it cuts', () => {
    const family = '👨‍👩‍👧';
    const note = appendAuditLine(`start ${family}${'y'.repeat(20)}`, 'new line', 30);
    // 30 - 8 ("new line") - 1 (newline) - 1 (…) = 20 code points: the family (5 code points) does not fit whole.
    expect(note).toBe(`…${'y'.repeat(20)}\nnew line`);
    expect(appendAuditLine(`🇫🇷${'y'.repeat(20)}`, 'new line', 30)).toBe(`…${'y'.repeat(20)}\nnew line`);
  });

  it('keeps the end of a new line that is longer than the limit on its own', () => {
    const long = `${'n'.repeat(1000)} (@alice from Slack)`;
    const note = appendAuditLine('Old note', long);
    expect(note).toBe(`…${long.slice(long.length - 999)}`);
    expect(note).toHaveLength(1000);
  });

  it('leaves out the old note when the new line leaves no room for it', () => {
    expect(appendAuditLine('Old note', 'x'.repeat(998), 1000)).toBe('x'.repeat(998));
  });

  it('throws an internal BotError for a blank line or a bad limit', () => {
    expect(() => appendAuditLine('Old note', ' \n')).toThrow('The audit note could not be written: the new line is empty.');
    expect(() => appendAuditLine('Old note', line, 0)).toThrow('A note limit must be a positive whole number, not 0.');
    expect(() => appendAuditLine('Old note', line, 1.5)).toThrow(BotError);
  });
});
