import { codePointLength, lastCodePoints } from '../../src/audit/text-length';

describe('codePointLength', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('é🔥')).toBe(2);
    expect(codePointLength('👨‍👩‍👧')).toBe(5);
  });

  it('counts a lone surrogate as one', () => {
    expect(codePointLength('a\ud83d')).toBe(2);
    expect(codePointLength('\udd25b')).toBe(2);
  });
});

describe('lastCodePoints', () => {
  it('returns the whole text when it fits', () => {
    expect(lastCodePoints('🔥ab', 3)).toBe('🔥ab');
  });

  it('returns the end of the text without splitting a character', () => {
    expect(lastCodePoints('ab🔥cd', 3)).toBe('🔥cd');
    expect(lastCodePoints('ab👨‍👩‍👧cd', 6)).toBe('cd');
  });

  it('returns nothing for a budget of zero or less', () => {
    expect(lastCodePoints('abc', 0)).toBe('');
    expect(lastCodePoints('abc', -2)).toBe('');
  });
});
