import fc from 'fast-check';
import { buildLogExcerpt } from '../helpers/build-log-excerpt';
import type { LogExcerpt } from '../../src/logs/excerpt-types';

/** `count` info lines named `<label> 1`, `<label> 2`… */
function infoLines(label: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `[2026-11-22T00:00:01Z] {runner.py:12} INFO - ${label} ${index + 1}`);
}

/** Characters an excerpt uses: every line plus its newline. */
function charsUsed(excerpt: LogExcerpt): number {
  return excerpt.sections.flatMap((section) => section.lines).reduce((sum, line) => sum + line.length + 1, 0);
}

const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/opt/airflow/dags/etl.py", line 42, in load',
  '    rows = parse(raw)',
  '  File "/opt/airflow/dags/parse.py", line 7, in parse',
  "    raise ValueError(f'bad row {n}')",
  'ValueError: bad row 7',
];

describe('buildLogExcerpt', () => {
  it('shows a traceback in the middle with the lines around it, and the last lines apart', () => {
    const before = infoLines('before', 40);
    const after = infoLines('after', 60);
    const lines = [...before, ...TRACEBACK, ...after];
    expect(buildLogExcerpt(lines)).toEqual({
      cause: [{ n: 46, text: 'ValueError: bad row 7' }],
      sections: [
        // 5 lines before the header, the traceback, then 5 lines after the exception line.
        { kind: 'failure', title: 'Around the failure', firstLineNumber: 36, lines: [...before.slice(35), ...TRACEBACK, ...after.slice(0, 5)] },
        { kind: 'tail', title: 'Last lines', firstLineNumber: 87, lines: after.slice(40) },
      ],
      totalLines: 106,
      errorFound: true,
      truncated: true,
    });
  });

  it('takes a traceback longer than contextAfter whole, and contextAfter lines after it', () => {
    const frames = Array.from({ length: 40 }, (_, index) => `  File "f${index}.py", line 1, in f`);
    const lines = [...infoLines('before', 2), 'Traceback (most recent call last):', ...frames, 'KeyError: 1', ...infoLines('after', 30)];
    const excerpt = buildLogExcerpt(lines, { contextAfter: 3, tailLines: 2 });
    expect(excerpt.sections).toEqual([
      { kind: 'failure', title: 'Around the failure', firstLineNumber: 1, lines: lines.slice(0, 47) },
      { kind: 'tail', title: 'Last lines', firstLineNumber: 73, lines: lines.slice(72) },
    ]);
  });

  it('shows the lines around a lone ERROR line', () => {
    const lines = [...infoLines('step', 10), '[2026-11-22T00:00:09Z] {s3.py:88} ERROR - Access Denied', ...infoLines('after', 50)];
    expect(buildLogExcerpt(lines, { contextBefore: 2, contextAfter: 3, tailLines: 4 })).toEqual({
      cause: [{ n: 11, text: '[2026-11-22T00:00:09Z] {s3.py:88} ERROR - Access Denied' }],
      sections: [
        { kind: 'first-error', title: 'Around the first error', firstLineNumber: 9, lines: lines.slice(8, 14) },
        { kind: 'tail', title: 'Last lines', firstLineNumber: 58, lines: lines.slice(57) },
      ],
      totalLines: 61,
      errorFound: true,
      truncated: true,
    });
  });

  it('merges the sections into one when the error is near the end, repeating no line', () => {
    const lines = [...infoLines('step', 30), 'ERROR - boom', ...infoLines('after', 3)];
    expect(buildLogExcerpt(lines)).toEqual({
      cause: [{ n: 31, text: 'ERROR - boom' }],
      sections: [{ kind: 'first-error', title: 'Around the first error', firstLineNumber: 15, lines: lines.slice(14) }],
      totalLines: 34,
      errorFound: true,
      truncated: true,
    });
  });

  it('merges sections that only touch', () => {
    const lines = [...infoLines('a', 3), 'ERROR - boom', ...infoLines('b', 4)];
    // The error section ends at line 6 and the tail starts at line 7.
    expect(buildLogExcerpt(lines, { contextBefore: 0, contextAfter: 2, tailLines: 2 }).sections).toEqual([
      { kind: 'first-error', title: 'Around the first error', firstLineNumber: 4, lines: lines.slice(3) },
    ]);
  });

  it('shows only the last lines of a log without an error', () => {
    const lines = infoLines('step', 50);
    expect(buildLogExcerpt(lines)).toEqual({
      cause: [],
      sections: [{ kind: 'tail', title: 'Last lines', firstLineNumber: 31, lines: lines.slice(30) }],
      totalLines: 50,
      errorFound: false,
      truncated: true,
    });
  });

  it('shows a short log whole and says nothing was left out', () => {
    const lines = ['INFO - start', 'INFO - done'];
    expect(buildLogExcerpt(lines)).toEqual({
      cause: [],
      sections: [{ kind: 'tail', title: 'Last lines', firstLineNumber: 1, lines }],
      totalLines: 2,
      errorFound: false,
      truncated: false,
    });
  });

  it('returns no sections for an empty log', () => {
    expect(buildLogExcerpt([])).toEqual({ cause: [], sections: [], totalLines: 0, errorFound: false, truncated: false });
  });

  it('reads a 100 000-line log and keeps within the budget', () => {
    const lines = infoLines('step', 100_000);
    lines[60_000] = '[2026-11-22T00:00:09Z] {taskinstance.py:1} ERROR - Task failed with exception';
    const excerpt = buildLogExcerpt(lines);
    // Airflow's own failure line, with 5 lines on either side.
    expect(excerpt.sections).toEqual([
      { kind: 'failure', title: 'Around the failure', firstLineNumber: 59_996, lines: lines.slice(59_995, 60_006) },
      { kind: 'tail', title: 'Last lines', firstLineNumber: 99_981, lines: lines.slice(99_980) },
    ]);
    expect(excerpt.totalLines).toBe(100_000);
    expect(charsUsed(excerpt)).toBeLessThanOrEqual(2600);
  });

  it('cuts a single 50 000-character line with a … marker', () => {
    const line = `{"rows":[${'1,'.repeat(24_994)}1]}`;
    expect(line).toHaveLength(50_000);
    expect(buildLogExcerpt([line])).toEqual({
      cause: [],
      sections: [{ kind: 'tail', title: 'Last lines', firstLineNumber: 1, lines: [`${line.slice(0, 518)}…`] }],
      totalLines: 1,
      errorFound: false,
      truncated: true,
    });
  });

  it('allows the exception line half the budget', () => {
    const message = `ValueError: ${'x'.repeat(5000)}`;
    const excerpt = buildLogExcerpt(['Traceback (most recent call last):', '  File "a.py", line 1', message]);
    expect(excerpt.sections).toEqual([
      {
        kind: 'failure',
        title: 'Around the failure',
        firstLineNumber: 1,
        lines: ['Traceback (most recent call last):', '  File "a.py", line 1', `${message.slice(0, 1298)}…`],
      },
    ]);
    expect(excerpt.truncated).toBe(true);
  });

  it('keeps the exception line and the last lines first when the budget is tight', () => {
    const frame = (index: number): string => `  File "frame${String(index).padStart(2, '0')}.py", line 1, in f`; // 33 characters
    const frames = Array.from({ length: 30 }, (_, index) => frame(index));
    const tail = Array.from({ length: 30 }, (_, index) => `tail ${String(index).padStart(2, '0')}`); // 7 characters
    const lines = ['INFO - start', 'Traceback (most recent call last):', ...frames, 'ValueError: x', ...tail];
    const excerpt = buildLogExcerpt(lines, { maxChars: 200 });
    // 14 for the exception line, 5 × 8 for the last lines, 4 × 34 for the nearest frames: 10 are
    // left, too few for part of another frame, but enough for one more tail line.
    expect(excerpt.sections).toEqual([
      { kind: 'failure', title: 'Around the failure', firstLineNumber: 29, lines: [...frames.slice(26), 'ValueError: x'] },
      { kind: 'tail', title: 'Last lines', firstLineNumber: 58, lines: tail.slice(24) },
    ]);
    expect(charsUsed(excerpt)).toBe(198);
    expect(excerpt.truncated).toBe(true);
  });

  it('shows part of a line that does not fit whole when enough budget is left', () => {
    const lines = ['ERROR - boom', 'a'.repeat(100), 'b'.repeat(100)];
    const excerpt = buildLogExcerpt(lines, { maxChars: 200, contextBefore: 0, tailLines: 1 });
    // The error line takes 13; the last line is cut to 39 characters (a fifth of 200, less its
    // newline), and so is the line after the error.
    expect(excerpt.sections).toEqual([
      { kind: 'first-error', title: 'Around the first error', firstLineNumber: 1, lines: ['ERROR - boom', `${'a'.repeat(38)}…`, `${'b'.repeat(38)}…`] },
    ]);
  });

  it('keeps multi-byte characters whole and backticks as they are', () => {
    const emoji = '😀'.repeat(400);
    const backticks = '```'.repeat(50);
    const lines = ['ERROR - ```sql``` failed: `SELECT 1`', backticks, emoji];
    const excerpt = buildLogExcerpt(lines);
    expect(excerpt.sections).toEqual([
      { kind: 'first-error', title: 'Around the first error', firstLineNumber: 1, lines: ['ERROR - ```sql``` failed: `SELECT 1`', backticks, `${'😀'.repeat(259)}…`] },
    ]);
    expect(excerpt.truncated).toBe(true);
  });

  it('shows no section when their budget cannot hold a character, and the cause within its own limits', () => {
    expect(buildLogExcerpt(['ERROR - boom'], { maxChars: 1 })).toEqual({
      cause: [{ n: 1, text: 'ERROR - boom' }],
      sections: [],
      totalLines: 1,
      errorFound: true,
      truncated: true,
    });
  });

  it('treats negative and non-finite options as 0 and the default', () => {
    const lines = [...infoLines('a', 10), 'ERROR - boom', ...infoLines('b', 10)];
    expect(buildLogExcerpt(lines, { contextBefore: -3, contextAfter: Number.NaN, tailLines: 0 }).sections).toEqual([
      { kind: 'first-error', title: 'Around the first error', firstLineNumber: 11, lines: lines.slice(10, 16) },
    ]);
  });

  it('always fits the budget, repeats no line, and shows each line whole or as a cut prefix', () => {
    const line = fc.oneof(
      fc.constantFrom('ERROR - boom', 'Traceback (most recent call last):', '  File "a.py", line 1', 'ValueError: x', '', '```'),
      fc.string({ unit: 'grapheme', maxLength: 120 }),
      fc.string({ maxLength: 900 }),
    );
    const options = fc.record(
      { contextBefore: fc.nat(10), contextAfter: fc.nat(30), tailLines: fc.nat(30), maxChars: fc.nat(3000) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 120 }), options, (lines, settings) => {
        const excerpt = buildLogExcerpt(lines, settings);
        expect(charsUsed(excerpt)).toBeLessThanOrEqual(settings.maxChars ?? 2600);
        let previousEnd = 0;
        for (const section of excerpt.sections) {
          expect(section.firstLineNumber).toBeGreaterThan(previousEnd);
          section.lines.forEach((shown, offset) => {
            const original = lines[section.firstLineNumber - 1 + offset];
            expect(shown === original || (shown.endsWith('…') && original.startsWith(shown.slice(0, -1)))).toBe(true);
            expect(shown).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
          });
          previousEnd = section.firstLineNumber + section.lines.length - 1;
        }
        expect(excerpt.totalLines).toBe(lines.length);
      }),
      { numRuns: 300 },
    );
  });
});
