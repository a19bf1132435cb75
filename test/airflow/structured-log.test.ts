import { structuredLogLines } from '../../src/airflow/structured-log';

describe('structuredLogLines', () => {
  it('shows a message without timestamp or level as its event, and splits multi-line events', () => {
    expect(structuredLogLines([{ event: 'line one\nline two' }])).toEqual(['line one', 'line two']);
  });

  it('adds scalar extra keys as key=value and leaves out noisy ones', () => {
    expect(
      structuredLogLines([
        { timestamp: '2024-01-01T00:00:00Z', level: 'warning', event: 'Retrying', logger: 'x', chan: 'stderr', attempt: 2, ok: false, meta: { a: 1 } },
      ]),
    ).toEqual(['2024-01-01T00:00:00Z WARNING Retrying attempt=2 ok=false']);
  });

  it('joins exceptions raised while handling another with the context line', () => {
    const lines = structuredLogLines([
      {
        event: 'boom',
        level: 'error',
        error_detail: [
          { exc_type: 'KeyError', exc_value: "'id'", is_cause: false, frames: [] },
          { exc_type: 'OSError', exc_value: '', is_cause: false, frames: [{ filename: 'a.py', lineno: 1, name: 'f' }] },
        ],
      },
    ]);

    expect(lines).toEqual([
      'ERROR boom',
      'Traceback (most recent call last):',
      '  File "a.py", line 1, in f',
      'OSError',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      "KeyError: 'id'",
    ]);
  });

  it('shows a text error_detail as it is and skips items that are neither messages nor strings', () => {
    expect(structuredLogLines([{ event: 'failed', error_detail: 'Traceback (most recent call last):\nValueError: x' }, 42, null])).toEqual([
      'failed',
      'Traceback (most recent call last):',
      'ValueError: x',
    ]);
  });
});
