/**
 * The log of one try, written the way Airflow's task runner writes it: the pre-execution group,
 * the operator's own lines, then how the try ended (success, a traceback, deferred, or nothing yet
 * while it runs). Built from the seed, so marking a task instance later does not rewrite its past logs.
 */
import { pythonIsoDate } from '../dates';
import type { DemoTaskState } from '../types';
import { failureFor } from './failures';
import type { LogRecord } from './log-record';

/** One try as the log needs it. */
export interface LoggedTry {
  dagId: string;
  runId: string;
  taskId: string;
  mapIndex: number;
  operator: string;
  tryNumber: number;
  maxTries: number;
  state: DemoTaskState | null;
  startDate: number;
  endDate: number | null;
  hostname: string;
  pid: number;
  logicalDate: number;
}

/** Progress lines of a long-running query, so that its log needs more than one page. */
const LONG_RUNNING_BATCHES = 180;

function operatorLines(t: LoggedTry): string[] {
  switch (`${t.dagId}.${t.taskId}`) {
    case 'etl_daily.extract':
      return ['Exporting orders from postgres://orders-db.demo.internal/orders', 'Wrote 1284213 rows to s3://demo-lake/raw/orders/'];
    case 'etl_daily.transform':
      return [
        'Submitting spark job transform_orders to yarn with --conf spark.hadoop.fs.s3a.secret.key=DemoS3aSecretKey0042',
        'Application report for application_1732233600000_0042 (state: RUNNING)',
        'Stage 3 of 7: aggregating order totals',
      ];
    case 'etl_daily.load':
      return ['Running statement: COPY warehouse.orders FROM s3://demo-lake/clean/orders/', 'Rows affected: 1284170'];
    case 'ml_training.fetch_data':
      return ['Calling GET https://features.demo.internal/api/v1/export'];
    case 'ml_training.train_model':
      return [`Training with ${t.mapIndex >= 0 ? `map index ${t.mapIndex}` : 'defaults'}`, 'Epoch 1/20 - loss: 0.6931', 'Epoch 2/20 - loss: 0.5120'];
    case 'reports_hourly.query_sales':
      return Array.from(
        { length: LONG_RUNNING_BATCHES },
        (_, i) => `Fetched batch ${i + 1}/400 (${(i + 1) * 2500} rows) from warehouse.sales`,
      );
    default:
      return [`Running ${t.operator} for ${t.taskId}`];
  }
}

const DONE_STATES: ReadonlySet<DemoTaskState | null> = new Set<DemoTaskState | null>(['success', 'skipped']);
const FAILED_STATES: ReadonlySet<DemoTaskState | null> = new Set<DemoTaskState | null>(['failed', 'up_for_retry']);

function compactDate(epochMs: number): string {
  return pythonIsoDate(epochMs).slice(0, 19).replace(/[-:]/g, '');
}

/** The records of one try's log, oldest first. A try that is still running has no ending. */
export function taskLogRecords(t: LoggedTry): LogRecord[] {
  const tiLabel = `<TaskInstance: ${t.dagId}.${t.taskId} ${t.runId}${t.mapIndex >= 0 ? ` map_index=${t.mapIndex}` : ''}`;
  const work = operatorLines(t);
  const end = t.endDate ?? t.startDate + (work.length + 10) * 1000;
  const span = Math.max(end - t.startDate, 1000);
  const opening: Omit<LogRecord, 'at'>[] = [
    { level: 'INFO', source: 'local_task_job_runner.py:123', message: '::group::Pre task execution logs' },
    { level: 'INFO', source: 'taskinstance.py:2614', message: `Dependencies all met for dep_context=requeueable deps ti=${tiLabel} [queued]>` },
    { level: 'INFO', source: 'taskinstance.py:2867', message: `Starting attempt ${t.tryNumber} of ${t.maxTries + 1}` },
    { level: 'INFO', source: 'taskinstance.py:2890', message: `Executing <Task(${t.operator}): ${t.taskId}> on ${pythonIsoDate(t.logicalDate)}` },
    { level: 'INFO', source: 'standard_task_runner.py:72', message: `Started process ${t.pid} to run task` },
    { level: 'INFO', source: 'task_command.py:467', message: `Running ${tiLabel} [running]> on host ${t.hostname}` },
    { level: 'INFO', source: 'local_task_job_runner.py:133', message: '::endgroup::' },
    ...work.map((message) => ({ level: 'INFO' as const, source: `${t.taskId}.py:42`, message })),
  ];
  const closing = closingRecords(t);
  const all = [...opening, ...closing];
  // Spread the lines over the try, so timestamps stay between its start and end.
  return all.map((record, index) => ({ ...record, at: t.startDate + Math.floor((span * index) / all.length) }));
}

function closingRecords(t: LoggedTry): Omit<LogRecord, 'at'>[] {
  const ids = `dag_id=${t.dagId}, task_id=${t.taskId}, run_id=${t.runId}, map_index=${t.mapIndex}, execution_date=${compactDate(t.logicalDate)}, start_date=${compactDate(t.startDate)}, end_date=${t.endDate === null ? '' : compactDate(t.endDate)}`;
  if (DONE_STATES.has(t.state)) {
    return [
      { level: 'INFO', source: 'python.py:240', message: 'Done. Returned value was: None' },
      { level: 'INFO', source: 'taskinstance.py:340', message: `Marking task as SUCCESS. ${ids}` },
      { level: 'INFO', source: 'local_task_job_runner.py:266', message: 'Task exited with return code 0' },
    ];
  }
  if (FAILED_STATES.has(t.state)) {
    const exception = failureFor(t.dagId, t.taskId, t.tryNumber, t.mapIndex);
    const outcome = t.tryNumber <= t.maxTries ? 'UP_FOR_RETRY' : 'FAILED';
    return [
      { level: 'ERROR', source: 'taskinstance.py:3310', message: 'Task failed with exception', exception },
      { level: 'INFO', source: 'taskinstance.py:1225', message: `Marking task as ${outcome}. ${ids}` },
      {
        level: 'ERROR',
        source: 'standard_task_runner.py:124',
        message: `Failed to execute job ${t.pid} for task ${t.taskId} (${exception.value}; ${t.pid})`,
      },
      { level: 'INFO', source: 'local_task_job_runner.py:266', message: 'Task exited with return code 1' },
    ];
  }
  if (t.state === 'deferred') {
    return [{ level: 'INFO', source: 'taskinstance.py:288', message: `Pausing task as DEFERRED. ${ids}` }];
  }
  return [];
}
