/** A try's log records spelled as each dialect's log route sends them. */
import { formatTraceback, type LogRecord } from './log-record';

function airflow2Timestamp(epochMs: number): string {
  // Airflow 2's default log format: `[2026-11-22T00:06:02.123+0000]`.
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

/**
 * Airflow 2 text: `[time] {file.py:line} LEVEL - message`, a traceback printed under the record
 * that raised it, and the "Found local files" preamble at the start of the file.
 */
export function airflow2LogText(records: LogRecord[], fromStart: boolean, logFile: string): string {
  const preamble = fromStart ? [`*** Found local files:`, `***   * ${logFile}`] : [];
  const lines = records.map((r) => {
    const line = `[${airflow2Timestamp(r.at)}] {${r.source}} ${r.level} - ${r.message}`;
    return r.exception ? `${line}\n${formatTraceback(r.exception)}` : line;
  });
  return [...preamble, ...lines].map((line) => `${line}\n`).join('');
}

/**
 * Airflow 3 structured messages: `{timestamp, level, event, logger}`. An exception travels as
 * `error_detail` (type, value and frames), the way Airflow 3's structured logging records it.
 */
export function airflow3LogMessages(records: LogRecord[]): Record<string, unknown>[] {
  return records.map((r) => {
    const message: Record<string, unknown> = {
      timestamp: new Date(r.at).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z'),
      level: r.level.toLowerCase(),
      event: r.message,
      logger: r.source.startsWith('taskinstance') || r.source.startsWith('local_task') ? 'airflow.task' : 'task',
    };
    if (r.exception) {
      message.error_detail = [
        {
          exc_type: r.exception.type,
          exc_value: r.exception.value,
          exc_notes: [],
          syntax_error: null,
          is_cause: false,
          is_group: false,
          exceptions: [],
          frames: r.exception.frames.map((f) => ({ filename: f.filename, lineno: f.lineno, name: f.name })),
        },
      ];
    }
    return message;
  });
}

/** Where Airflow keeps a try's log file, for the v1 preamble. */
export function logFilePath(dagId: string, runId: string, taskId: string, mapIndex: number, tryNumber: number): string {
  const mapPart = mapIndex >= 0 ? `/map_index=${mapIndex}` : '';
  return `/opt/airflow/logs/dag_id=${dagId}/run_id=${runId}/task_id=${taskId}${mapPart}/attempt=${tryNumber}.log`;
}
