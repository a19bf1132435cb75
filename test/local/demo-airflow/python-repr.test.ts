import { pythonHostLogRepr, pythonStringRepr } from '../../../local/demo-airflow/logs/python-repr';

describe('pythonStringRepr', () => {
  it('quotes with single quotes and escapes newlines, tabs and backslashes', () => {
    expect(pythonStringRepr('a\nb\tc\\d')).toBe("'a\\nb\\tc\\\\d'");
  });

  it('switches to double quotes for a single quote, as Python does', () => {
    expect(pythonStringRepr("it's")).toBe('"it\'s"');
  });

  it('escapes single quotes when both kinds appear', () => {
    expect(pythonStringRepr(`say "it's"`)).toBe(`'say "it\\'s"'`);
  });

  it('writes other control characters as \\x escapes', () => {
    expect(pythonStringRepr('\u0001')).toBe("'\\x01'");
  });
});

describe('pythonHostLogRepr', () => {
  it('prints a one-tuple list like str([(host, text)])', () => {
    expect(pythonHostLogRepr('worker-1', 'line 1\nline 2\n')).toBe("[('worker-1', 'line 1\\nline 2\\n')]");
  });
});
