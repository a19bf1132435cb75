/**
 * Tells, for a whole decoded chunk of a log at once, which of its lines may be worth a closer look.
 * Testing each of two million lines on its own costs a pattern call per line; a few searches over
 * the chunk cost a fraction of that, and most lines of a big log have no hit at all.
 */
export class LinePrefilter {
  private readonly patterns: readonly RegExp[];

  /** @param patterns searched one after the other; a line with a hit of any of them is flagged. */
  constructor(patterns: readonly RegExp[]) {
    // Own global copies: `lastIndex` is state, and the caller's expressions stay untouched.
    this.patterns = patterns.map((pattern) => new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`));
  }

  /** Where a pattern matches in `text`, ascending (an offset may repeat). */
  hits(text: string): number[] {
    const offsets: number[] = [];
    for (const pattern of this.patterns) {
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        offsets.push(match.index);
        // A line needs one hit: go on from its end.
        const newline = text.indexOf('\n', match.index);
        if (newline === -1) break;
        pattern.lastIndex = newline + 1;
      }
    }
    return this.patterns.length > 1 ? offsets.sort((a, b) => a - b) : offsets;
  }

  /** Whether one line has a hit. */
  matches(line: string): boolean {
    return this.patterns.some((pattern) => {
      pattern.lastIndex = 0;
      return pattern.test(line);
    });
  }
}
