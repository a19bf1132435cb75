import { DEFAULT_LOG_READ_LIMITS, readLogBody, SKIM_WINDOW_BYTES } from '../../src/airflow/log-reader';
import type { LogExcerpt } from '../../src/logs/excerpt-types';
import { excerptFromFeed, type LogLineSink } from '../../src/logs/log-pipeline';
import { airflow2Text, airflow3Ndjson, SCENARIOS, type Entry, type Scenario } from './fixtures/scenarios';
import { chunkedBody } from './chunked-body';

const FORMATS = [
  { name: 'Airflow 2 text', format: 'text' as const, render: airflow2Text },
  { name: 'Airflow 3 NDJSON', format: 'ndjson' as const, render: airflow3Ndjson },
];


/** The excerpt as the worker builds it: long quiet stretches are passed over. `handed` counts the lines read. */
async function skimmed(text: string, format: 'text' | 'ndjson', handed = { lines: 0 }): Promise<LogExcerpt> {
  return excerptFromFeed((sink) => {
    const counting: LogLineSink = (line, render) => {
      handed.lines += 1;
      sink(line, render);
    };
    counting.skimming = sink.skimming;
    return readLogBody(format, chunkedBody(text, 65_536), counting, DEFAULT_LOG_READ_LIMITS);
  }, []);
}

/** The same with every line read: the sink handed to the reader has no `skimming`. */
function readWhole(text: string, format: 'text' | 'ndjson'): Promise<LogExcerpt> {
  return excerptFromFeed((sink) => readLogBody(format, chunkedBody(text, 65_536), (line, render) => sink(line, render), DEFAULT_LOG_READ_LIMITS), []);
}

function filler(count: number, label = 'Processed item'): Entry[] {
  return Array.from({ length: count }, (_, i) => ({ level: 'INFO', source: 'work.py:7', message: `${label} ${i + 1} of the nightly batch, 2500 rows` }) as Entry);
}

/** Enough ordinary lines to fill the window one and a half times over. */
const MANY = Math.ceil((SKIM_WINDOW_BYTES * 1.3) / 80);

describe.each(FORMATS)('a long log read with skimming ($name)', ({ format, render }) => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
    '%s after megabytes of ordinary lines: the same excerpt, line numbers and count as reading every line',
    async (_name, scenario: Scenario) => {
      const text = render({ ...scenario, entries: [...filler(MANY), ...scenario.entries] });
      expect(Buffer.byteLength(text)).toBeGreaterThan(SKIM_WINDOW_BYTES * 1.2);
      const handed = { lines: 0 };
      const [fast, whole] = await Promise.all([skimmed(text, format, handed), readWhole(text, format)]);
      expect(fast).toEqual(whole);
      expect(handed.lines).toBeLessThan(whole.totalLines * 0.9);
      for (const wanted of scenario.mustShow) expect(fast.sections.flatMap((section) => section.lines).some((line) => line.includes(wanted))).toBe(true);
    },
  );

  it('finds the first error at the start and a traceback in the middle, with megabytes of lines between them and the failure', async () => {
    const failure = SCENARIOS.find((s) => s.name === 'unrelated-error-first')!;
    const early: Entry = { level: 'ERROR', source: 'cache.py:12', message: 'Could not reach the feature cache, going on without it' };
    const retried = SCENARIOS.find((s) => s.name === 'retries-different-errors')!;
    const text = render({
      ...failure,
      entries: [early, ...filler(MANY, 'Warm-up item'), ...retried.entries, ...filler(MANY), ...failure.entries],
    });
    const [fast, whole] = await Promise.all([skimmed(text, format), readWhole(text, format)]);
    expect(fast).toEqual(whole);
    expect(fast.sections.find((section) => section.kind === 'first-error')?.lines).toContainEqual(expect.stringContaining('Could not reach the feature cache'));
  });

  it('reads a private key met in a long log whole, so none of it is shown', async () => {
    const failure = SCENARIOS.find((s) => s.name === 'bash-non-zero')!;
    const key = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAsecretsecretsecret', 'c2VjcmV0IGtleSBtYXRlcmlhbA==', '-----END RSA PRIVATE KEY-----'];
    const keyEntries: Entry[] = [{ level: 'INFO', source: 'conn.py:3', message: key.join('\n') }];
    for (const where of ['middle', 'end'] as const) {
      const entries =
        where === 'middle'
          ? [...filler(MANY), ...keyEntries, ...filler(MANY), ...failure.entries]
          : [...filler(MANY), ...keyEntries, ...failure.entries];
      const text = render({ ...failure, entries });
      const [fast, whole] = await Promise.all([skimmed(text, format), readWhole(text, format)]);
      expect(fast).toEqual(whole);
      expect(JSON.stringify(fast)).not.toMatch(/secretsecret|c2VjcmV0/);
    }
  });

  it('finds a first error that only says "Task failed", megabytes before the end', async () => {
    const failure = SCENARIOS.find((s) => s.name === 'sigkill')!;
    const early: Entry = { level: 'INFO', source: 'retry.py:4', message: 'Task failed, will retry in 5 minutes' };
    const text = render({ ...failure, entries: [early, ...filler(MANY), ...filler(MANY, 'More'), ...failure.entries] });
    const [fast, whole] = await Promise.all([skimmed(text, format), readWhole(text, format)]);
    expect(fast).toEqual(whole);
    expect(fast.sections.find((section) => section.kind === 'first-error')?.lines).toContainEqual(expect.stringContaining('Task failed, will retry'));
  });
});

describe('a long NDJSON log read with skimming', () => {
  const record = (fields: Record<string, unknown>) => `${JSON.stringify({ timestamp: '2026-11-22T06:01:02.000000Z', level: 'info', ...fields })}\n`;
  const ordinary = (count: number) => Array.from({ length: count }, (_, i) => record({ event: `Processed item ${i + 1} of the nightly batch, 2500 rows` })).join('');
  const ending = airflow3Ndjson(SCENARIOS.find((s) => s.name === 'bash-non-zero')!);

  it('counts the lines of passed-over records as reading them would: escaped newlines, blank records, escaped backslashes', async () => {
    const odd = [
      record({ event: 'done\n' }),
      '\n',
      record({ event: 'path C:\\new\\table' }),
      `${JSON.stringify({ content: 'x\n' })}\n`,
      record({ event: 'two\nlines' }),
      record({ event: 'three\nlines\nhere' }),
      '\n\n',
    ].join('');
    const text = ordinary(1000) + odd + ordinary(MANY) + odd + ordinary(MANY) + ending;
    const handed = { lines: 0 };
    const [fast, whole] = await Promise.all([skimmed(text, 'ndjson', handed), readWhole(text, 'ndjson')]);
    expect(fast.totalLines).toBe(whole.totalLines);
    expect(fast).toEqual(whole);
    expect(handed.lines).toBeLessThan(whole.totalLines / 2);
  });

  it('finds a first error whose level is written in any case', async () => {
    for (const level of ['Critical', 'ERROR', 'error']) {
      const text = ordinary(100) + record({ level, event: 'Lost the connection to the cache' }) + ordinary(MANY) + ending;
      const [fast, whole] = await Promise.all([skimmed(text, 'ndjson'), readWhole(text, 'ndjson')]);
      expect(fast).toEqual(whole);
      expect(fast.sections.find((section) => section.kind === 'first-error')?.lines).toContainEqual(expect.stringContaining('Lost the connection'));
    }
  });
});

describe('skimmed reads at the same time', () => {
  it('share the scanner of their format without one read seeing the other’s bytes', async () => {
    for (const { format, render } of FORMATS) {
      const texts = SCENARIOS.slice(0, 4).map((scenario) => render({ ...scenario, entries: [...filler(MANY), ...scenario.entries] }));
      const together = await Promise.all(texts.map((text) => skimmed(text, format)));
      const alone: LogExcerpt[] = [];
      for (const text of texts) alone.push(await skimmed(text, format));
      expect(together).toEqual(alone);
      // Different logs, different excerpts: the comparison above could fail.
      expect(new Set(alone.map((excerpt) => JSON.stringify(excerpt))).size).toBe(texts.length);
    }
  });
});
