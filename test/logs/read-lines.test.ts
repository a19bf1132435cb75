import { readLines, type LineReadLimits } from '../../src/logs/read-lines';

const LIMITS: LineReadLimits = { maxBytes: 1_000_000, maxLineLength: 1000, idleTimeoutMs: 1000 };

function streamOf(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const queue = chunks.map((chunk) => (typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk));
  return new ReadableStream({
    pull(controller) {
      const next = queue.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(next);
    },
  });
}

async function linesOf(body: ReadableStream<Uint8Array>, limits: LineReadLimits = LIMITS) {
  const lines: string[] = [];
  const result = await readLines(body, (line) => lines.push(line), limits);
  return { lines, result };
}

describe('readLines', () => {
  it('joins a line split across chunks, and a character split across chunks', async () => {
    const euro = new TextEncoder().encode('€'); // 3 bytes
    const { lines, result } = await linesOf(streamOf(['first li', 'ne\nprice 5', euro.subarray(0, 1), euro.subarray(1), '\nlast']));
    expect(lines).toEqual(['first line', 'price 5€', 'last']);
    expect(result).toEqual({ bytesRead: 26 });
  });

  it('drops a byte order mark at the start only, and reads a broken byte as U+FFFD', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    const { lines } = await linesOf(streamOf([bom.subarray(0, 2), bom.subarray(2), 'a\n', bom, 'b ', new Uint8Array([0xff]), '\n']));
    expect(lines).toEqual(['a', '\uFEFFb \uFFFD']);
  });

  it('reads \\r\\n as one line end and keeps empty lines', async () => {
    expect((await linesOf(streamOf(['a\r\n\r\nb\r', '\nc\n']))).lines).toEqual(['a', '', 'b', 'c']);
  });

  it('keeps the start of an over-long line and skips the rest up to its newline', async () => {
    const long = 'x'.repeat(2500);
    const { lines } = await linesOf(streamOf([long.slice(0, 700), long.slice(700), '\nnext\n']));
    expect(lines).toEqual(['x'.repeat(1000), 'next']);
  });

  it('stops at maxBytes and says so', async () => {
    const { lines, result } = await linesOf(streamOf(['0123456789\n', '0123456789\n', '0123456789\n']), { ...LIMITS, maxBytes: 15 });
    expect(lines).toEqual(['0123456789', '0123']);
    expect(result).toEqual({ bytesRead: 15, stoppedBy: 'size' });
  });

  it('stops when the server sends nothing for idleTimeoutMs, and cancels the body', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('only line\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const { lines, result } = await linesOf(body, { ...LIMITS, idleTimeoutMs: 50 });
    expect(lines).toEqual(['only line']);
    expect(result).toEqual({ bytesRead: 10, stoppedBy: 'time' });
    expect(cancelled).toBe(true);
  });

  it('reads on while each chunk comes sooner than idleTimeoutMs after the last, however long the whole takes', async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        if (sent === 8) controller.close();
        else controller.enqueue(new TextEncoder().encode(`line ${(sent += 1)}\n`));
      },
    });
    const { lines, result } = await linesOf(body, { ...LIMITS, idleTimeoutMs: 80 });
    expect(lines).toHaveLength(8);
    expect(result).toEqual({ bytesRead: 56 });
  });
});
