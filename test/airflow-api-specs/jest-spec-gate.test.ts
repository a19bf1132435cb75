import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT, SPECS_NOT_FOUND } from './spec-location';
import { CONTRACT_SPEC_FILES } from './spec-pins';

/** `jest --listTests` in a child process: loads the real jest.config.js, runs no test. */
function listTests(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--listTests'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CI: 'false', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const CONTRACT_SUITE = path.join(PROJECT_ROOT, 'test/airflow/v2-client.test.ts');
const PLAIN_SUITE = path.join(PROJECT_ROOT, 'test/views/deployments-list.test.ts');

describe('jest.config.js without the Airflow API specs', () => {
  const empty = mkdtempSync(path.join(os.tmpdir(), 'no-specs-'));

  it('leaves the contract suites out, keeps the rest, and prints the one line', () => {
    const run = listTests({ AIRFLOW_API_SPECS: empty });

    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`^${escape(SPECS_NOT_FOUND)} \\(\\d+ contract test files left out\\)\\n$`));
    expect(run.stdout.split('\n')).toContain(PLAIN_SUITE);
    expect(run.stdout.split('\n')).not.toContain(CONTRACT_SUITE);
  });

  it('fails under CI=true', () => {
    const run = listTests({ AIRFLOW_API_SPECS: empty, CI: 'true' });

    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`${SPECS_NOT_FOUND} (CI=true: the contract tests must run; looked in ${empty})`);
    expect(run.stdout).toBe('');
  });

  it('runs the contract suites when AIRFLOW_API_SPECS holds the specs', () => {
    const specs = mkdtempSync(path.join(os.tmpdir(), 'specs-'));
    for (const file of CONTRACT_SPEC_FILES) writeFileSync(path.join(specs, file), 'openapi: 3.1.0\n');

    const run = listTests({ AIRFLOW_API_SPECS: specs, CI: 'true' });

    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')).toEqual(expect.arrayContaining([CONTRACT_SUITE, PLAIN_SUITE]));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
