import type { NumberedLine } from '../logs/excerpt-types';

/** Stands for the lines left out between two shown lines of a cause that are not adjacent. */
export const LINES_LEFT_OUT = '⋮';

/**
 * A cause's lines as shown (with {@link LINES_LEFT_OUT} between two that are not adjacent in the
 * log) and the range of the log they span, e.g. `line 31` or `lines 12–31`. The alert and the log
 * view show a cause the same way.
 *
 * @example
 * causeLines([{ n: 12, text: 'KeyError: x' }, { n: 31, text: 'ValueError: y' }]);
 * // { lines: ['KeyError: x', '⋮', 'ValueError: y'], range: 'lines 12–31' }
 */
export function causeLines(lines: readonly NumberedLine[]): { lines: string[]; range: string } {
  const shown: string[] = [];
  lines.forEach((line, index) => {
    const before = lines[index - 1];
    if (before !== undefined && line.n > before.n + 1) shown.push(LINES_LEFT_OUT);
    shown.push(line.text);
  });
  const first = lines[0]?.n ?? 1;
  const last = lines.at(-1)?.n ?? first;
  return { lines: shown, range: last === first ? `line ${first}` : `lines ${first}–${last}` };
}
