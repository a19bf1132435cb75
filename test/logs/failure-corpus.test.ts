import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LOG_READ_LIMITS, readLogBody } from '../../src/airflow/log-reader';
import { causeFromFeed } from '../../src/alerts/read-cause';
import { chunkedBody } from './chunked-body';

/**
 * The cause lines the product picks from a log, read the way an alert reads them
 * (`src/alerts/read-cause.ts`: same pipeline, same selection, same limits).
 */
async function causeLines(text: string, format: CorpusFormat): Promise<string[]> {
  const cause = await causeFromFeed((onLine) => readLogBody(format, chunkedBody(text, 4096), onLine, DEFAULT_LOG_READ_LIMITS), []);
  return cause.errorFound ? cause.lines : [];
}

type CorpusFormat = 'text' | 'ndjson';

/** One real failure log and what a person would call its cause (see the corpus README). */
interface CorpusEntry {
  file: string;
  format: CorpusFormat;
  source: string;
  category: string;
  /** Each must appear in some cause line: the cause line, then any root cause or detail lines. */
  cause: string[];
  note?: string;
}

const CORPUS_DIR = join(__dirname, '..', 'fixtures', 'logs');
const CORPUS: CorpusEntry[] = JSON.parse(readFileSync(join(CORPUS_DIR, 'corpus.json'), 'utf8'));

function logText(entry: CorpusEntry): string {
  return readFileSync(join(CORPUS_DIR, entry.file), 'utf8');
}

/** The cause substrings the selected lines miss. */
function missing(entry: CorpusEntry, lines: readonly string[]): string[] {
  return entry.cause.filter((wanted) => !lines.some((line) => line.includes(wanted)));
}

/** How many causes the selection finds, filled in by the scoring test below. */
const corpusScore = { found: 0, total: 0, misses: [] as { file: string; missing: string[]; shown: string[] }[] };

describe('the failure corpus', () => {
  it('has at least 20 real logs, each with a named source', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(20);
    for (const entry of CORPUS) expect(entry.source).toMatch(/^https:\/\/\S+$/);
    expect(new Set(CORPUS.map((entry) => entry.file)).size).toBe(CORPUS.length);
  });

  it.each(CORPUS.map((entry) => [entry.file, entry] as const))('%s: is there, and holds every cause it names', (_file, entry) => {
    expect(existsSync(join(CORPUS_DIR, entry.file))).toBe(true);
    const text = logText(entry);
    expect(text.trim()).not.toBe('');
    expect(entry.cause.length).toBeGreaterThan(0);
    for (const wanted of entry.cause) expect(text).toContain(wanted);
    const records = entry.format === 'ndjson' ? text.split('\n').filter((line) => line.trim() !== '') : [];
    for (const record of records) expect(() => JSON.parse(record)).not.toThrow();
  });

  it('is scored: how many causes the cause selection shows', async () => {
    corpusScore.found = 0;
    corpusScore.total = CORPUS.length;
    corpusScore.misses = [];
    for (const entry of CORPUS) {
      const lines = await causeLines(logText(entry), entry.format);
      const absent = missing(entry, lines);
      if (absent.length === 0) corpusScore.found += 1;
      else corpusScore.misses.push({ file: entry.file, missing: absent, shown: lines });
    }
    const report = [
      `failure corpus: ${corpusScore.found} of ${corpusScore.total} causes found`,
      ...corpusScore.misses.map(({ file, missing: absent }) => `  missed ${file}: ${absent.map((text) => JSON.stringify(text)).join(', ')}`),
    ];
    // CORPUS_VERBOSE=1 also prints what the selection showed instead.
    if (process.env.CORPUS_VERBOSE) for (const miss of corpusScore.misses) report.push(`--- ${miss.file} showed:`, ...miss.shown.map((line) => `    ${line}`));
    process.stdout.write(`${report.join('\n')}\n`);
    // The floor is today's score (25 of 26; the Jinja log's record message above its traceback is
    // the miss): a change that loses a cause fails here.
    expect(corpusScore.found).toBeGreaterThanOrEqual(25);
  });
});
