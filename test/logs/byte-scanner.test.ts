import { byteScanner, lineCountsWithoutEnd, type ScanLiteral } from '../../src/logs/byte-scanner';

const MIB = 1024 * 1024;
const LITERALS: ScanLiteral[] = [{ text: 'ERROR' }, { text: 'Exception' }, { text: '"critical"', caseBlind: true }];

/** A log-like filler of `bytes` bytes with none of the skim literals in it. */
function filler(bytes: number): Buffer {
  const line = Buffer.from('[2026-11-22T06:01:02.123+0000] {work.py:42} INFO - Processed batch 7 of orders: 2500 rows\n');
  return Buffer.alloc(bytes, line);
}

describe('the byte scanner', () => {
  const scanner = byteScanner(LITERALS, { pairs: true });

  it('finds each literal at the start, in the middle and at the very end, and nothing in filler', () => {
    const plain = filler(100_000);
    expect(scanner.findsAny(plain)).toBe(false);
    for (const text of ['ERROR', 'Exception', '"critical"']) {
      expect(scanner.findsAny(Buffer.concat([Buffer.from(text), plain]))).toBe(true);
      expect(scanner.findsAny(Buffer.concat([plain.subarray(0, 50_001), Buffer.from(text), plain]))).toBe(true);
      expect(scanner.findsAny(Buffer.concat([plain, Buffer.from(text)]))).toBe(true);
    }
  });

  it('does not take a literal cut short by the end, or one with a wrong byte, for the literal', () => {
    expect(scanner.findsAny(Buffer.concat([filler(1000), Buffer.from('ERRO')]))).toBe(false);
    expect(scanner.findsAny(Buffer.from('Exceptiom ERRoR Exceptio'))).toBe(false);
    expect(scanner.findsAny(Buffer.from('xx"CRITICAL"'))).toBe(true);
    expect(scanner.findsAny(Buffer.from('xx"CrItIcAl"'))).toBe(true);
    // Case-blind means letters only: the quotes stay exact.
    expect(scanner.findsAny(Buffer.from("xx'critical'"))).toBe(false);
    // Exact literals stay exact.
    expect(scanner.findsAny(Buffer.from('error exception'))).toBe(false);
  });

  it('takes a case-blind literal as text, not as a pattern, and matches no other byte for its letters', () => {
    const brackets = byteScanner([{ text: 'a.(b)*', caseBlind: true }]);
    expect(brackets.findsAny(Buffer.from('xx A.(B)* yy'))).toBe(true);
    expect(brackets.findsAny(Buffer.from('xx ab( b)bbb'))).toBe(false);
    // µ (0xb5 in Latin-1, 0xc2 0xb5 in UTF-8) upper-cases to Greek Mu, never to an ASCII letter.
    expect(byteScanner([{ text: 'M', caseBlind: true }]).findsAny(Buffer.from('µ'))).toBe(false);
    expect(byteScanner([{ text: 'M', caseBlind: true }]).findsAny(Buffer.from([0xb5]))).toBe(false);
  });

  it('searches a Uint8Array that is a view into a larger buffer only within its view', () => {
    const backing = Buffer.from('ERROR and then plain text');
    expect(scanner.findsAny(new Uint8Array(backing.buffer, backing.byteOffset + 5, backing.length - 5))).toBe(false);
    expect(scanner.findsAny(new Uint8Array(backing.buffer, backing.byteOffset, 5))).toBe(true);
  });

  it('counts newlines, blank lines and escaped newlines', () => {
    expect(scanner.countLines(Buffer.from('a\n\n\nb\\n\\\n'))).toEqual({ newlines: 4, doubleNewlines: 2, escapedNewlines: 1 });
    expect(scanner.countLines(Buffer.alloc(0))).toEqual({ newlines: 0, doubleNewlines: 0, escapedNewlines: 0 });
    // 90-byte lines.
    expect(scanner.countLines(filler(90 * 40_000))).toEqual({ newlines: 40_000, doubleNewlines: 0, escapedNewlines: 0 });
  });

  it('gives its longest literal in bytes', () => {
    expect(scanner.longestLiteral).toBe(10);
    expect(byteScanner([{ text: 'é!' }]).longestLiteral).toBe(3);
  });

  it('refuses no literals, an empty one, and a case-blind one that is not ASCII', () => {
    expect(() => byteScanner([])).toThrow(/at least one literal/);
    expect(() => byteScanner([{ text: '' }])).toThrow(/not empty/);
    expect(() => byteScanner([{ text: 'café', caseBlind: true }])).toThrow(/case-blind literal is ASCII/);
    expect(byteScanner([{ text: 'café' }]).findsAny(Buffer.from('un café'))).toBe(true);
  });
});

describe('the line ends of the start of some bytes, from those of the whole and of the rest', () => {
  const scanner = byteScanner(LITERALS, { pairs: true });
  it.each([
    ['a\n', '\nb'],
    ['a\\', 'nb\n'],
    ['x\n\n\\n', 'y\n\n'],
    ['', 'a\n\n'],
    ['a\n\n', ''],
  ])('%j then %j: the same as counting the start alone', (start, rest) => {
    const whole = Buffer.from(start + rest);
    const cut = Buffer.byteLength(start);
    const derived = lineCountsWithoutEnd(scanner.countLines(whole), whole.subarray(0, cut), whole.subarray(cut), scanner.countLines(whole.subarray(cut)));
    expect(derived).toEqual(scanner.countLines(whole.subarray(0, cut)));
  });

  it('scans a chunk with no literal to its line ends, and one with a literal to "found"', () => {
    expect(scanner.scan(Buffer.from('a\n\nb\\n\n'))).toEqual({ newlines: 3, doubleNewlines: 1, escapedNewlines: 1 });
    expect(scanner.scan(Buffer.from('a\nERROR\n'))).toBe('found');
    expect(scanner.scan(filler(3 * MIB))).toEqual(scanner.countLines(filler(3 * MIB)));
  });

  it('counts only newlines when not made to count pairs, nothing past the bytes', () => {
    const newlinesOnly = byteScanner(LITERALS);
    expect(newlinesOnly.scan(Buffer.from('a\n\nb\\n\n'))).toEqual({ newlines: 3 });
    expect(newlinesOnly.countLines(Buffer.from('a\n\nb\\n\n'))).toEqual({ newlines: 3 });
    expect(newlinesOnly.scan(Buffer.from('\n'.repeat(40)))).toEqual({ newlines: 40 });
    for (let length = 0; length < 40; length += 1) expect(newlinesOnly.scan(Buffer.alloc(length, 'x'))).toEqual({ newlines: 0 });
    const derived = lineCountsWithoutEnd({ newlines: 3 }, Buffer.from('a\n\n'), Buffer.from('\nb'), { newlines: 1 });
    expect(derived).toEqual({ newlines: 2 });
    expect(() => lineCountsWithoutEnd({ newlines: 3, doubleNewlines: 1, escapedNewlines: 0 }, Buffer.from('a\n'), Buffer.from('\n'), { newlines: 1 })).toThrow(/do not mix/);
  });
});
