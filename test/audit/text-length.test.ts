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

  it('pairs exactly the high surrogates U+D800–U+DBFF with the low ones U+DC00–U+DFFF', () => {
    // The first and the last pair of each range: one code point each.
    expect(codePointLength('\ud800\udc00')).toBe(1);
    expect(codePointLength('\udbff\udfff')).toBe(1);
    expect(codePointLength('\ud800\udfff')).toBe(1);
    expect(codePointLength('\udbff\udc00')).toBe(1);
    // Just outside either range: two.
    expect(codePointLength('\ud7ff\udc00')).toBe(2);
    expect(codePointLength('\udc00\udc00')).toBe(2);
    expect(codePointLength('\ud800\udbff')).toBe(2);
    expect(codePointLength('\ud800\ue000')).toBe(2);
    expect(codePointLength('\ud800a')).toBe(2);
    // A lone high surrogate at the end, and two pairs in a row.
    expect(codePointLength('\ud800')).toBe(1);
    expect(codePointLength('\ud800\udc00\udbff\udfff')).toBe(2);
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
