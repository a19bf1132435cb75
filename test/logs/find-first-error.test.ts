import { findFirstError } from '../../src/logs/find-first-error';

describe('findFirstError', () => {
  it('takes a traceback from its header to the exception line', () => {
    const lines = [
      'INFO - start',
      'ERROR - Task failed with exception',
      'Traceback (most recent call last):',
      '  File "/opt/dag.py", line 10, in run',
      '    load()',
      '',
      '  File "/opt/load.py", line 3, in load',
      "    raise ValueError('bad row 7')",
      'ValueError: bad row 7',
      'INFO - Marking task as FAILED.',
    ];
    expect(findFirstError(lines)).toEqual({ kind: 'traceback', start: 2, end: 8 });
  });

  it('prefers a traceback over an earlier error line', () => {
    expect(findFirstError(['ERROR - first', 'x', 'Traceback (most recent call last):', '  File "a"', 'KeyError: 1'])).toEqual({
      kind: 'traceback',
      start: 2,
      end: 4,
    });
  });

  it('follows a chained traceback to its last exception line', () => {
    const lines = [
      'Traceback (most recent call last):',
      '  File "a.py", line 1, in f',
      "KeyError: 'id'",
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "a.py", line 3, in f',
      'airflow.exceptions.AirflowException: lookup failed',
      'INFO - done',
    ];
    expect(findFirstError(lines)).toEqual({ kind: 'traceback', start: 0, end: 8 });
  });

  it('ends a traceback cut off by the end of the log at its last non-blank line', () => {
    expect(findFirstError(['Traceback (most recent call last):', '  File "a.py", line 1', '', ''])).toEqual({
      kind: 'traceback',
      start: 0,
      end: 1,
    });
    expect(findFirstError(['Traceback (most recent call last):'])).toEqual({ kind: 'traceback', start: 0, end: 0 });
  });

  it('finds a traceback whose header carries a log prefix', () => {
    expect(findFirstError(['[t] ERROR - Traceback (most recent call last):', '  File "a"', 'OSError: disk'])).toEqual({
      kind: 'traceback',
      start: 0,
      end: 2,
    });
  });

  it('finds the first ERROR, CRITICAL, …Error, Exception or Task failed line', () => {
    expect(findFirstError(['INFO - ok', '[t] {x.py:1} ERROR - boom', 'ERROR - second'])).toEqual({ kind: 'line', start: 1, end: 1 });
    expect(findFirstError(['INFO - ok', 'CRITICAL - disk full'])).toEqual({ kind: 'line', start: 1, end: 1 });
    expect(findFirstError(['INFO - ok', 'raised botocore.exceptions.ClientError here'])).toEqual({ kind: 'line', start: 1, end: 1 });
    expect(findFirstError(['Exception in thread'])).toEqual({ kind: 'line', start: 0, end: 0 });
    expect(findFirstError(['INFO - Task failed with exception'])).toEqual({ kind: 'line', start: 0, end: 0 });
  });

  it('ignores lower-case words and plurals that only look like errors', () => {
    expect(findFirstError(['INFO - no errors found', 'INFO - error_callback set', 'INFO - Errors: 0', 'INFO - TERRORS'])).toBeUndefined();
  });

  it('finds nothing in an empty log', () => {
    expect(findFirstError([])).toBeUndefined();
  });
});
