import fc from 'fast-check';
import { DEFAULT_LOG_READ_LIMITS, readLogBody } from '../../src/airflow/log-reader';
import { buildLogExcerpt } from '../../src/logs/excerpt';
import { excerptFromFeed } from '../../src/logs/log-pipeline';

function chunked(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = Buffer.from(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(at, at + size)));
      at += size;
    },
  });
}

const LINE = fc.oneof(
  { weight: 30, arbitrary: fc.nat(99_999).map((n) => `[2026-11-22T06:01:02.000+0000] {work.py:42} INFO - Processed batch ${n}`) },
  { weight: 1, arbitrary: fc.constantFrom('', '    indented', 'ERROR - boom', 'Traceback (most recent call last):', '  File "a.py", line 1, in f', 'ValueError: x') },
  { weight: 1, arbitrary: fc.constantFrom('Task failed with exception', "python: can't open file 'x'", 'Task exited with return code -9', 'Caused by: y') },
  { weight: 1, arbitrary: fc.constantFrom('During handling of the above exception, another exception occurred:', 'Bash command failed. non-zero exit code 1', 'π ünïcode ✓') },
);

describe('passing over uninteresting lines while streaming', () => {
  it('gives the same excerpt as pushing every line, whatever the chunk sizes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(LINE, { maxLength: 600 }), fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 300, max: 20_000 })), fc.nat(25), async (lines, size, tailLines) => {
        const text = lines.map((line) => `${line}\n`).join('');
        const streamed = await excerptFromFeed((onLine) => readLogBody('text', chunked(text, size), onLine, DEFAULT_LOG_READ_LIMITS), [], { tailLines });
        expect(streamed).toEqual(buildLogExcerpt(lines, { tailLines }));
      }),
      { numRuns: 150 },
    );
  });

  it('counts every line of a long uninteresting stretch and keeps its last ones', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `INFO - row ${i + 1}`);
    const text = `${lines.join('\n')}\n`;
    const excerpt = await excerptFromFeed((onLine) => readLogBody('text', chunked(text, 65_536), onLine, DEFAULT_LOG_READ_LIMITS), [], { tailLines: 3 });
    expect(excerpt).toEqual({
      sections: [{ kind: 'tail', title: 'Last lines', firstLineNumber: 49_998, lines: ['INFO - row 49998', 'INFO - row 49999', 'INFO - row 50000'] }],
      totalLines: 50_000,
      errorFound: false,
      truncated: true,
    });
  });
});
