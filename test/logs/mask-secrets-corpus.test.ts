import { fullLogFromFeed } from '../../src/logs/log-pipeline';
import { SecretMasker } from '../../src/logs/mask-secrets';
import { SECRET_RULES } from '../../src/logs/secret-rules';
import { alnum, CASES, DEPLOYMENT_PASSWORD, LEFT_ALONE } from './secret-corpus';

const ALL = Object.entries(CASES).flatMap(([group, cases]) => cases.map((c) => ({ group, ...c })));

describe('SecretMasker over the corpus', () => {
  it.each(ALL)('masks $group: $line', ({ line, secret, masked }) => {
    const result = new SecretMasker([DEPLOYMENT_PASSWORD]).maskLine(line);
    expect(result).toBe(masked);
    expect(result).not.toContain(secret);
  });

  it.each(LEFT_ALONE)('leaves %s as it is', (line) => {
    expect(new SecretMasker([DEPLOYMENT_PASSWORD]).maskLine(line)).toBe(line);
  });

  it.each([
    ['quotes and spaces', `password: "${'" '.repeat(50_000)}`],
    ['backslashes and quotes', `{"token": "${'\\"'.repeat(50_000)}`],
    ['keys without values', 'password '.repeat(10_000)],
    ['keys and short values', 'password=a '.repeat(10_000)],
    ['letters', 'a'.repeat(100_000)],
    ['dashes', `mysql ${'-'.repeat(100_000)}`],
    ['URL starts', `x://a:${'b'.repeat(100_000)}`],
    ['many URL starts', 'x://a:b '.repeat(12_500)],
    ['at signs', `x://a:${'@'.repeat(100_000)}`],
    ['Bearer words', 'Bearer '.repeat(14_000)],
    ['Basic words', 'Basic a'.repeat(14_000)],
    ['private key openings', '-----BEGIN RSA PRIVATE KEY-----'.repeat(3_200)],
    ["YAML's doubled quotes", `password: '${"''".repeat(50_000)}`],
    ['escaped backslashes in JSON inside JSON', `{\\"token\\": \\"${'\\\\'.repeat(25_000)}`],
    ['command-line flags', '--password --token '.repeat(5_000)],
  ])('masks a 100 KB line of %s', (_what, line) => {
    // Completes at all: a pattern that backtracks on such a line would not finish for hours.
    expect(typeof new SecretMasker().maskLine(line)).toBe('string');
  });
});

describe('SECRET_RULES', () => {
  // Left out: a rule whose hint is the command that gives its short flag a meaning, which its key
  // (`-p`) does not hold.
  const hinted = SECRET_RULES.filter((rule) => rule.kind === 'match' || rule.hint.test(rule.key.source));

  it.each(hinted.map((rule) => [rule.name, rule] as const))('finds the hint of %s in each of its matches in the corpus', (_name, rule) => {
    const pattern = rule.kind === 'match' ? rule.pattern : rule.key;
    for (const { line } of ALL) {
      for (const match of line.matchAll(pattern)) expect([line, rule.hint.test(match[0])]).toEqual([line, true]);
    }
  });
});

describe('the Full log file', () => {
  it('holds none of the secrets of a log carrying every shape', async () => {
    const privateKey = ['-----BEGIN RSA PRIVATE KEY-----', `MIIEowIBAAKCAQEA${alnum(48)}`, `aNhXkbQ9jt0t3Pky${alnum(48)}`, '-----END RSA PRIVATE KEY-----'];
    const lines = [
      '[2026-11-22T06:01:02] {task.py:1} INFO - starting',
      ...ALL.map((c, n) => `[2026-11-22T06:01:03] {task.py:${n}} INFO - ${c.line}`),
      ...privateKey,
      '[2026-11-22T06:01:04] {taskinstance.py:3311} ERROR - Task failed with exception',
    ];
    const feed = async (onLine: (line: string) => void) => {
      for (const line of lines) onLine(line);
      return { bytesRead: lines.join('\n').length };
    };
    const file = (await fullLogFromFeed(feed, [DEPLOYMENT_PASSWORD])).content.toString('utf8');
    for (const { secret } of ALL) expect(file).not.toContain(secret);
    for (const body of privateKey.slice(1, 3)) expect(file).not.toContain(body.slice(16));
    expect(file.split('\n')).toHaveLength(lines.length + 1);
    expect(file).toContain('INFO - "password": "***"');
  });
});
