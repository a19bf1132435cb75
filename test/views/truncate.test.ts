import { isWellFormed } from './fixtures';
import { truncate } from '../../src/views/truncate';

describe('truncate', () => {
  it('returns text that fits unchanged', () => {
    expect(truncate('abcd', 4)).toBe('abcd');
    expect(truncate('', 0)).toBe('');
  });

  it('cuts to the limit including the ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcdef', 4)).toHaveLength(4);
  });

  it('never splits a surrogate pair', () => {
    // 'a' then two emoji: the cut would fall between the halves of the first one.
    const cut = truncate('a😀😀', 3);
    expect(cut).toBe('a…');
    expect(isWellFormed(cut)).toBe(true);
  });

  it('keeps a whole emoji when it fits before the ellipsis', () => {
    expect(truncate('😀😀😀', 4)).toBe('😀…');
  });

  it('returns an empty string for a limit below one', () => {
    expect(truncate('abc', 0)).toBe('');
  });
});
