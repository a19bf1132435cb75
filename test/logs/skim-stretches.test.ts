import { readLines, type LineReadLimits } from '../../src/logs/read-lines';
import { byteScanner } from '../../src/logs/byte-scanner';
import { LineSkimmer, type SkimOptions } from '../../src/logs/skim-stretches';
import { chunkedBody } from './chunked-body';

const LIMITS: LineReadLimits = { maxBytes: 10_000_000, maxLineLength: 100_000, idleTimeoutMs: 1000 };


function options(windowBytes: number, literal = 'ERROR'): SkimOptions {
  return {
    scanner: byteScanner([{ text: literal }]),
    windowBytes,
    linesOf: (counts) => counts.newlines,
  };
}

/** Reads `text` with skimming; each line read is paired with its number (skipped lines counted). */
async function skim(text: string, chunkSize: number | (() => number), skimOptions: SkimOptions, busy: () => boolean = () => false) {
  const read: { n: number; line: string }[] = [];
  let count = 0;
  let skipped = 0;
  await readLines(
    chunkedBody(text, chunkSize),
    (line) => {
      count += 1;
      read.push({ n: count, line });
    },
    LIMITS,
    {
      options: skimOptions,
      skimming: {
        busy,
        skipped: (lines) => {
          count += lines;
          skipped += lines;
        },
      },
    },
  );
  return { read, count, skipped };
}

const numbered = (total: number, special: Record<number, string> = {}) =>
  Array.from({ length: total }, (_, i) => special[i + 1] ?? `line ${String(i + 1).padStart(4, '0')} of the log`);

describe('LineSkimmer through readLines', () => {
  it('passes over lines far from what is wanted, counts them exactly, and reads the window before it and the end', async () => {
    const lines = numbered(400, { 200: 'ERROR the one line that matters' });
    const { read, count, skipped } = await skim(`${lines.join('\n')}\n`, 64, options(500));
    expect(count).toBe(400);
    expect(skipped).toBeGreaterThan(250);
    // Every line read is the line of that number, whole.
    for (const { n, line } of read) expect(line).toBe(lines[n - 1]);
    const numbers = read.map((entry) => entry.n);
    expect(numbers).toContain(200);
    // The 500 bytes before the wanted line (about 19 lines of 26 bytes) are read, and the end.
    for (let n = 182; n <= 200; n += 1) expect(numbers).toContain(n);
    for (let n = 382; n <= 400; n += 1) expect(numbers).toContain(n);
    expect(numbers).not.toContain(100);
  });

  it('reads everything when the log is smaller than the window', async () => {
    const lines = numbered(30);
    const { read, skipped } = await skim(lines.join('\n'), 7, options(10_000));
    expect(skipped).toBe(0);
    expect(read.map((entry) => entry.line)).toEqual(lines);
  });

  it('finds what is wanted when it is split across two chunks', async () => {
    const lines = numbered(300, { 150: 'xxxxxxxERROR split' });
    const text = `${lines.join('\n')}\n`;
    const at = text.indexOf('ERROR');
    let sent = 0;
    // Chunk boundaries fall inside "ERROR": at +2 and elsewhere every 50 bytes.
    const sizes = () => {
      const size = sent < at + 2 && sent + 50 > at + 2 ? at + 2 - sent : 50;
      sent += size;
      return size;
    };
    const { read, count } = await skim(text, sizes, options(200));
    expect(count).toBe(300);
    expect(read).toContainEqual({ n: 150, line: 'xxxxxxxERROR split' });
  });

  it('finds what is wanted when it comes a byte or two at a time', async () => {
    const lines = numbered(300, { 150: 'xxERROR in pieces' });
    for (const size of [1, 2, 3, () => 1 + (Math.random() < 0.5 ? 0 : 5)]) {
      const { read, count } = await skim(`${lines.join('\n')}\n`, size, options(120));
      expect(count).toBe(300);
      expect(read).toContainEqual({ n: 150, line: 'xxERROR in pieces' });
    }
  });

  it('reads every line while the consumer is busy', async () => {
    const lines = numbered(300);
    const { read, skipped } = await skim(`${lines.join('\n')}\n`, 40, options(200), () => true);
    expect(skipped).toBe(0);
    expect(read.map((entry) => entry.line)).toEqual(lines);
  });

  it('reads on while the consumer says it is busy after what it wanted', async () => {
    const lines = numbered(400, { 100: 'ERROR opens a traceback' });
    let left = 0;
    const read: string[] = [];
    let count = 0;
    await readLines(
      chunkedBody(`${lines.join('\n')}\n`, 50),
      (line) => {
        count += 1;
        read.push(line);
        if (line.startsWith('ERROR')) left = 40;
        else if (left > 0) left -= 1;
      },
      LIMITS,
      { options: options(200), skimming: { busy: () => left > 0, skipped: (n) => (count += n) } },
    );
    expect(count).toBe(400);
    const at = read.indexOf('ERROR opens a traceback');
    expect(read.slice(at, at + 41)).toEqual(lines.slice(99, 140));
  });

  it('passes over a line longer than the window and keeps the lines after it whole', async () => {
    const long = `start ${'x'.repeat(5000)} end`;
    const lines = numbered(200, { 50: long, 120: 'ERROR after the long line' });
    const { read, count } = await skim(lines.join('\n'), 64, options(300));
    expect(count).toBe(200);
    for (const { n, line } of read) expect(line).toBe(lines[n - 1]);
    expect(read).toContainEqual({ n: 120, line: 'ERROR after the long line' });
    expect(read.at(-1)).toEqual({ n: 200, line: lines[199] });
  });

  it('counts a last line passed over in part, without a newline, as one line', async () => {
    const text = `${numbered(20).join('\n')}\n${'y'.repeat(3000)}`;
    const { read, count } = await skim(text, 100, options(500));
    expect(count).toBe(21);
    expect(read.some((entry) => entry.line.startsWith('y'))).toBe(false);
  });

  it('keeps every line read whole and every count exact, whatever the chunk sizes', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 80; round += 1) {
      const total = 200 + Math.floor(random() * 300);
      const special: Record<number, string> = {};
      for (let i = 0; i < 3; i += 1) special[1 + Math.floor(random() * total)] = `ERROR number ${i}`;
      const windowBytes = 200 + Math.floor(random() * 800);
      // A long line, but shorter than the window: a last line longer than the window is only counted (see above).
      special[1 + Math.floor(random() * total)] = `long ${'z'.repeat(Math.floor(random() * (windowBytes - 10)))}`;
      const lines = numbered(total, special);
      const text = lines.join('\n') + (random() < 0.5 ? '\n' : '');
      const { read, count } = await skim(text, () => 1 + Math.floor(random() * 300), options(windowBytes));
      expect(count).toBe(total);
      for (const { n, line } of read) expect(line).toBe(lines[n - 1]);
      const wanted = Object.entries(special)
        .filter(([, line]) => line.startsWith('ERROR'))
        .map(([n, line]) => ({ n: Number(n), line }));
      expect(read).toEqual(expect.arrayContaining(wanted));
      expect(read.at(-1)?.n).toBe(total);
    }
  });
  it('reads the lines around what it looks for, and counts the rest, with chunks of megabytes', async () => {
    const lines = numbered(400_000, { 50_000: 'ERROR near the start', 390_000: 'ERROR near the end' });
    const text = `${lines.join('\n')}\n`;
    const skimmed = await skim(text, 3 * 1024 * 1024 + 17, options(200_000));
    expect(skimmed.count).toBe(400_000);
    for (const { n, line } of skimmed.read) expect(line).toBe(lines[n - 1]);
    expect(skimmed.read).toContainEqual({ n: 50_000, line: 'ERROR near the start' });
    expect(skimmed.read).toContainEqual({ n: 390_000, line: 'ERROR near the end' });
    expect(skimmed.skipped).toBeGreaterThan(0);
  });

  it('counts blank lines as none, as NDJSON records are counted, however chunks and window cut the text', async () => {
    let seed = 11;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const ndjsonLike: SkimOptions['linesOf'] = (counts, bytes, atLineStart) => counts.newlines - (counts.doubleNewlines ?? Number.NaN) - (atLineStart && bytes[0] === 0x0a ? 1 : 0);
    for (let round = 0; round < 60; round += 1) {
      const lines = Array.from({ length: 200 + Math.floor(random() * 300) }, (_, i) => (random() < 0.2 ? '' : `{"event": "record ${i}"}`));
      const records = lines.filter((line) => line !== '').length;
      let counted = 0;
      await readLines(
        chunkedBody(`${lines.join('\n')}\n`, () => 1 + Math.floor(random() * 400)),
        (line) => {
          if (line !== '') counted += 1;
        },
        LIMITS,
        { options: { ...options(100 + Math.floor(random() * 600)), scanner: byteScanner([{ text: 'ERROR' }], { pairs: true }), linesOf: ndjsonLike }, skimming: { busy: () => false, skipped: (n) => (counted += n) } },
      );
      expect(counted).toBe(records);
    }
  });
});

describe('LineSkimmer', () => {
  /** Pushes `chunks` through a skimmer; returns the text handed on, the lines skipped, and the most bytes ever held back. */
  function run(chunks: string[], windowBytes: number, busy = () => false, maxLineBytes = 1000) {
    let handed = '';
    let skipped = 0;
    let pushed = 0;
    let mostHeld = 0;
    const skimmer = new LineSkimmer(options(windowBytes), { busy, skipped: (n) => (skipped += n) }, (bytes) => (handed += bytes.toString()), maxLineBytes);
    for (const chunk of chunks) {
      skimmer.push(Buffer.from(chunk));
      pushed += Buffer.byteLength(chunk);
      mostHeld = Math.max(mostHeld, pushed - Buffer.byteLength(handed));
    }
    skimmer.finish();
    return { handed, skipped, mostHeld };
  }

  const filler = (lines: number, from = 0) => Array.from({ length: lines }, (_, i) => `filler ${String(from + i).padStart(3, '0')}\n`).join('');

  it('finds what is wanted split over three chunks, or around an empty chunk', () => {
    for (const pieces of [
      ['xxER', 'R', 'OR boom\n'],
      ['xxER', '', 'ROR boom\n'],
      ['xxE', 'R', 'R', 'O', 'R boom\n'],
    ]) {
      const { handed } = run([filler(20), ...pieces, filler(20, 100)], 60);
      expect(handed).toContain('xxERROR boom\n');
    }
  });

  it('stops reading everything once the line with what was wanted has ended', () => {
    const chunks = [filler(10), 'ERROR x\npar', ...Array.from({ length: 50 }, () => 'tial line\nnext par'), 'tial line\n'];
    const { handed, skipped } = run(chunks, 40);
    expect(handed).toContain('ERROR x\n');
    // The 50 lines after it are no longer read one chunk after the other: all but the window's are passed over.
    expect(skipped).toBeGreaterThan(40);
  });

  it('hands a line on in pieces while it must be read, instead of holding all of it', () => {
    const chunks = Array.from({ length: 40 }, () => 'a'.repeat(500));
    const { handed, mostHeld } = run(['ERROR starts\n', ...chunks, '\n'], 100, () => true, 1000);
    expect(handed).toBe(`ERROR starts\n${'a'.repeat(20_000)}\n`);
    expect(mostHeld).toBeLessThanOrEqual(1500);
  });

  it('keeps a whole window before what is wanted, even when the oldest chunk is large', () => {
    const { handed, skipped } = run(['a\nb\nc\nd\ne\nf\n', 'g\n', 'ERROR\n'], 10);
    // Exactly the 10 bytes before ERROR are kept: the lines "a" and "b" go, no more.
    expect(handed).toBe('c\nd\ne\nf\ng\nERROR\n');
    expect(skipped).toBe(2);
  });
});
