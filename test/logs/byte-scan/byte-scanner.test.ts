import fc from 'fast-check';
import { byteScanner, lineCountsWithoutEnd, PlainByteScanner } from '../../../src/logs/byte-scan/byte-scanner';
import { fingerprintMemory, type ScanLiteral } from '../../../src/logs/byte-scan/literal-fingerprints';
import { NDJSON_SKIM_LITERALS, SKIM_LITERALS } from '../../../src/logs/failure-patterns';

const MIB = 1024 * 1024;
const LITERALS: ScanLiteral[] = [{ text: 'ERROR' }, { text: 'Exception', anchor: 7 }, { text: '"critical"', caseBlind: true, anchor: 4 }];

/** A log-like filler of `bytes` bytes with none of the skim literals in it. */
function filler(bytes: number): Buffer {
  const line = Buffer.from('[2026-11-22T06:01:02.123+0000] {work.py:42} INFO - Processed batch 7 of orders: 2500 rows\n');
  return Buffer.alloc(bytes, line);
}

describe('the WebAssembly byte scanner', () => {
  const scanner = byteScanner(LITERALS, { pairs: true });

  it('runs as WebAssembly on this Node', () => {
    expect(scanner).not.toBeInstanceOf(PlainByteScanner);
  });

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
    // An anchor near the start whose literal would begin before the bytes.
    expect(scanner.findsAny(Buffer.from('on and ical" but no more'))).toBe(false);
    // Exact literals stay exact.
    expect(scanner.findsAny(Buffer.from('error exception'))).toBe(false);
  });

  it('finds a literal that straddles two of its 1 MiB windows, and one only in the last window', () => {
    for (const at of [MIB - 3, MIB - 2, MIB - 1, MIB, 2 * MIB + 5]) {
      const bytes = filler(3 * MIB);
      bytes.write('Exception', at - 4);
      expect({ at, found: scanner.findsAny(bytes) }).toEqual({ at, found: true });
    }
    expect(scanner.findsAny(filler(3 * MIB))).toBe(false);
  });

  it('forgets the bytes of an earlier call: a literal is not made of what an earlier search left behind', () => {
    expect(scanner.findsAny(Buffer.from('xxxxxERROR'))).toBe(true);
    // Same length, the literal's start where the earlier one had it, its end past this call's bytes.
    expect(scanner.findsAny(Buffer.from('xxxxxERR'))).toBe(false);
  });

  it('counts newlines, blank lines and escaped newlines in any size, across windows', () => {
    const bytes = filler(3 * MIB + 7);
    bytes[MIB - 1] = 0x0a;
    bytes[MIB] = 0x0a;
    bytes.write('\\n', 2 * MIB - 1);
    expect(scanner.countLines(bytes)).toEqual(new PlainByteScanner(LITERALS, { pairs: true }).countLines(bytes));
    expect(scanner.countLines(Buffer.from('a\n\n\nb\\n\\\n'))).toEqual({ newlines: 4, doubleNewlines: 2, escapedNewlines: 1 });
    expect(scanner.countLines(Buffer.alloc(0))).toEqual({ newlines: 0, doubleNewlines: 0, escapedNewlines: 0 });
  });

  it('gives the answers of plain Buffer searches for any bytes (property)', () => {
    const plain = new PlainByteScanner(LITERALS, { pairs: true });
    const pieces = fc.constantFrom('ERROR', 'ERRO', 'Exception', 'Excep', '"critical"', '"CRITICAL"', '"crit', '\n', '\n\n', '\\n', '\\', 'n', 'x', 'é', ' INFO - ok ');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), fc.nat(40), (parts, pad) => {
        const bytes = Buffer.from('.'.repeat(pad) + parts.join(''));
        expect(scanner.findsAny(bytes)).toBe(plain.findsAny(bytes));
        expect(scanner.countLines(bytes)).toEqual(plain.countLines(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the skim literals the answers of plain searches too, many sharing fingerprint buckets (property)', () => {
    for (const literals of [SKIM_LITERALS, NDJSON_SKIM_LITERALS]) {
      const wasm = byteScanner(literals);
      const plain = new PlainByteScanner(literals);
      const pieces = fc.constantFrom(...literals.flatMap((literal) => [literal.text, literal.text.slice(0, -1), literal.text.toUpperCase()]), 'x', '\n', ' ');
      fc.assert(
        fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
          const bytes = Buffer.from(parts.join(''));
          expect(wasm.findsAny(bytes)).toBe(plain.findsAny(bytes));
        }),
        { numRuns: 1000 },
      );
    }
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
    expect(scanner.scan(filler(3 * MIB))).toEqual(new PlainByteScanner(LITERALS, { pairs: true }).countLines(filler(3 * MIB)));
  });

  it('counts only newlines when not made to count pairs, in the search pass, nothing past the bytes', () => {
    const newlinesOnly = byteScanner(LITERALS);
    expect(newlinesOnly.scan(Buffer.from('a\n\nb\\n\n'))).toEqual({ newlines: 3 });
    expect(newlinesOnly.countLines(Buffer.from('a\n\nb\\n\n'))).toEqual({ newlines: 3 });
    // Newlines left in memory by a longer scan do not count for a shorter one.
    expect(newlinesOnly.scan(Buffer.from('\n'.repeat(40)))).toEqual({ newlines: 40 });
    for (let length = 0; length < 40; length += 1) expect(newlinesOnly.scan(Buffer.alloc(length, 'x'))).toEqual({ newlines: 0 });
    const derived = lineCountsWithoutEnd({ newlines: 3 }, Buffer.from('a\n\n'), Buffer.from('\nb'), { newlines: 1 });
    expect(derived).toEqual({ newlines: 2 });
    expect(() => lineCountsWithoutEnd({ newlines: 3, doubleNewlines: 1, escapedNewlines: 0 }, Buffer.from('a\n'), Buffer.from('\n'), { newlines: 1 })).toThrow(/do not mix/);
  });
});

describe('the fingerprint tables', () => {
  it('refuse a literal shorter than two bytes or longer than thirty, an anchor off its bytes, and more than sixteen literals', () => {
    expect(() => fingerprintMemory([{ text: 'a' }])).toThrow(/2 to 30 bytes/);
    expect(() => fingerprintMemory([{ text: 'x'.repeat(31) }])).toThrow(/2 to 30 bytes/);
    expect(() => fingerprintMemory([{ text: 'ERROR', anchor: 4 }])).toThrow(/anchor of "ERROR"/);
    expect(() => fingerprintMemory([{ text: 'ERROR', anchor: -1 }])).toThrow(/anchor of "ERROR"/);
    expect(() => fingerprintMemory(Array.from({ length: 17 }, (_, i) => ({ text: `literal ${i}` })))).toThrow(/From 1 to 16 literals, not 17/);
    expect(() => fingerprintMemory([])).toThrow(/From 1 to 16 literals, not 0/);
    // The plain scanner could not match a case-blind non-ASCII letter the same way.
    expect(() => fingerprintMemory([{ text: 'café', caseBlind: true }])).toThrow(/case-blind literal is ASCII/);
    expect(fingerprintMemory([{ text: 'café' }])).toBeInstanceOf(Uint8Array);
  });

  it('give literals with alike anchors one bucket, and others their own', () => {
    const memory = fingerprintMemory([{ text: 'ERROR', anchor: 1 }, { text: 'Exception' }, { text: '"error"', caseBlind: true, anchor: 2 }, { text: 'Error' }]);
    const bucket = (index: number) => memory[256 + index * 64];
    expect([bucket(0), bucket(1), bucket(2), bucket(3)]).toEqual([1, 2, 1, 4]);
  });
});

describe('without WebAssembly SIMD', () => {
  it('falls back to plain Buffer searches, with the same answers', () => {
    const validate = jest.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    try {
      jest.isolateModules(() => {
        // A fresh copy of the module, which has not compiled the scanner yet.
        const fresh = jest.requireActual<typeof import('../../../src/logs/byte-scan/byte-scanner')>('../../../src/logs/byte-scan/byte-scanner');
        const scanner = fresh.byteScanner(LITERALS);
        expect(scanner).toBeInstanceOf(fresh.PlainByteScanner);
        expect(scanner.findsAny(Buffer.from('a "Critical" b'))).toBe(true);
        expect(scanner.findsAny(filler(1000))).toBe(false);
        expect(scanner.countLines(Buffer.from('a\n\nb\\n'))).toEqual({ newlines: 2 });
        expect(new fresh.PlainByteScanner(LITERALS, { pairs: true }).scan(Buffer.from('a\n\nb\\n'))).toEqual({ newlines: 2, doubleNewlines: 1, escapedNewlines: 1 });
      });
    } finally {
      validate.mockRestore();
    }
  });
});
