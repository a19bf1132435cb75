import { join } from 'node:path';
import { parseExcerptArgs, runExcerpt } from '../../../local/excerpt/run-excerpt';

const FIXTURES = join(__dirname, '../../logs/fixtures');

async function excerptOutput(argv: string[]): Promise<{ code: number; text: string }> {
  const printed: string[] = [];
  const code = await runExcerpt(argv, (text) => printed.push(text));
  return { code, text: printed.join('') };
}

describe('npm run excerpt', () => {
  it('prints the excerpt of a plain-text log, sections titled with their line numbers', async () => {
    const { code, text } = await excerptOutput([join(FIXTURES, 'airflow2/bash-non-zero.txt')]);
    expect(code).toBe(0);
    expect(text).toContain(
      [
        '== Why the task failed · lines 9–16',
        "[2026-11-22T06:01:14.000+0000] {subprocess.py:106} INFO - python: can't open file '/opt/jobs/cleanup.py': [Errno 2] No such file or directory",
        '[2026-11-22T06:01:15.500+0000] {subprocess.py:110} INFO - Command exited with return code 2',
        '⋮',
        'airflow.exceptions.AirflowException: Bash command failed. The command returned a non-zero exit code 2.',
        '== Around the failure · lines 1–19',
      ].join('\n'),
    );
    expect(text.trimEnd().split('\n').at(-1)).toBe('-- 19 of 19 log lines in this excerpt.');
  });

  it('reads a .ndjson file as Airflow 3 records, or any file with --format airflow3', async () => {
    const byName = await excerptOutput([join(FIXTURES, 'airflow3/sql-error.ndjson')]);
    expect(byName.text).toContain('psycopg2.errors.UndefinedTable: relation "staging.orderz" does not exist');
    expect(parseExcerptArgs(['--format', 'airflow3', 'log.txt'])).toEqual({ file: 'log.txt', format: 'airflow3' });
    expect(parseExcerptArgs(['log.jsonl'])).toEqual({ file: 'log.jsonl', format: 'airflow3' });
  });

  it('explains its usage for a bad format or a missing file, and exits non-zero', async () => {
    const bad = await excerptOutput(['x.log', '--format', 'airflow4']);
    expect(bad).toEqual({ code: 2, text: expect.stringContaining('--format takes airflow2 or airflow3, not airflow4.\nUsage: npm run excerpt') });
    expect(await excerptOutput([])).toMatchObject({ code: 2, text: expect.stringContaining('Name a log file.') });
    expect(await excerptOutput([join(FIXTURES, 'nope.txt')])).toEqual({ code: 1, text: `No such file: ${join(FIXTURES, 'nope.txt')}\n` });
  });
});
