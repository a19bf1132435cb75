/** One line of a task log before it is spelled in a dialect (v1 text, v2 structured message). */
export interface LogRecord {
  /** Epoch milliseconds. */
  at: number;
  level: 'INFO' | 'WARNING' | 'ERROR';
  /** `file.py:line` of the logging call, as Airflow 2 prints it in braces. */
  source: string;
  /** The message; may span lines. */
  message: string;
  /** A raised exception, for the record that reports it. */
  exception?: LoggedException;
}

/** A Python exception with its stack, outermost frame first. */
export interface LoggedException {
  type: string;
  value: string;
  frames: { filename: string; lineno: number; name: string; code: string }[];
}

/** `Traceback (most recent call last):` … `ValueError: …`, as Python prints it. */
export function formatTraceback(exception: LoggedException): string {
  const frames = exception.frames.flatMap((f) => [`  File "${f.filename}", line ${f.lineno}, in ${f.name}`, `    ${f.code}`]);
  return ['Traceback (most recent call last):', ...frames, `${exception.type}: ${exception.value}`].join('\n');
}
