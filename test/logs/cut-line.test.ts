import { cutLine } from '../../src/logs/cut-line';

describe('cutLine', () => {
  it('returns a line that fits unchanged', () => {
    expect(cutLine('abc', 3)).toBe('abc');
    expect(cutLine('', 0)).toBe('');
  });

  it('cuts a long line and marks the cut with …, within the limit', () => {
    expect(cutLine('abcdef', 4)).toBe('abc…');
    expect(cutLine('abcdef', 1)).toBe('…');
    expect(cutLine('abcdef', 0)).toBe('');
  });

  it('never splits a surrogate pair', () => {
    expect(cutLine('😀😀😀', 4)).toBe('😀…');
    expect(cutLine('a😀😀', 3)).toBe('a…');
  });

  it('never splits an emoji with a skin tone, a family emoji or a letter with a combining accent', () => {
    expect(cutLine('a👍🏽b', 4)).toBe('a…');
    expect(cutLine('👨‍👩‍👧xy', 8)).toBe('…');
    expect(cutLine('👨‍👩‍👧xy', 9)).toBe('👨‍👩‍👧…');
    expect(cutLine('👨‍👩‍👧xy', 10)).toBe('👨‍👩‍👧xy');
    expect(cutLine('👨‍👩‍👧xyz', 10)).toBe('👨‍👩‍👧x…');
    expect(cutLine('e\u0301e\u0301e\u0301', 4)).toBe('e\u0301…');
  });

  it('keeps backticks as they are', () => {
    expect(cutLine('```sql``` `x`', 8)).toBe('```sql`…');
  });
});
