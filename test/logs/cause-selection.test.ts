import { DEFAULT_LOG_READ_LIMITS, readLogBody } from '../../src/airflow/log-reader';
import { causeFromFeed } from '../../src/alerts/read-cause';
import { ALERT_CAUSE_LIMITS, CAUSE_RANK, selectCause, type CauseCandidate } from '../../src/logs/cause-selection';
import { buildLogExcerpt } from '../helpers/build-log-excerpt';
import { excerptFromFeed } from '../../src/logs/log-pipeline';
import { chunkedBody } from './chunked-body';

/** An Airflow 2 record: `[time] {source} LEVEL - message`. */
function record(level: string, source: string, message: string, second = 1): string {
  return `[2026-11-22T06:01:${String(second).padStart(2, '0')}.000+0000] {${source}} ${level} - ${message}`;
}

/** The alert's cause lines of a text log, read as an alert reads it. */
async function alertCause(lines: readonly string[], format: 'text' | 'ndjson' = 'text'): Promise<string[]> {
  const cause = await causeFromFeed((onLine) => readLogBody(format, chunkedBody(`${lines.join('\n')}\n`, 512), onLine, DEFAULT_LOG_READ_LIMITS), []);
  return cause.lines;
}

const OPENING = [
  record('INFO', 'taskinstance.py:2867', 'Starting attempt 2 of 2'),
  record('INFO', 'taskinstance.py:2890', 'Executing <Task(PythonOperator): transform> on 2026-11-22 00:00:00+00:00'),
];

const FRAMES = [
  '  File "/home/airflow/.local/lib/python3.12/site-packages/airflow/models/taskinstance.py", line 767, in _execute_task',
  '    result = _execute_callable(context=context, **execute_callable_kwargs)',
  '  File "/opt/airflow/dags/etl_daily.py", line 24, in validate_totals',
  '    raise ValueError(f"Column {column!r} has {nulls} null values")',
];

const CLOSING = [
  record('INFO', 'taskinstance.py:1225', 'Marking task as FAILED. dag_id=etl_daily, task_id=transform'),
  record('ERROR', 'standard_task_runner.py:124', 'Failed to execute job 4123 for task transform (Column has null values; 4123)'),
  record('INFO', 'local_task_job_runner.py:266', 'Task exited with return code 1'),
];

describe('the cause of a failed task', () => {
  it('is the exception line of a Python traceback, not the lines before Airflow reports it', async () => {
    const lines = [
      ...OPENING,
      record('INFO', 'transform.py:42', 'Stage 3 of 7: aggregating order totals'),
      record('ERROR', 'taskinstance.py:3310', 'Task failed with exception'),
      'Traceback (most recent call last):',
      ...FRAMES,
      "ValueError: Column 'order_total' has 42 null values in the orders_daily partition; refusing to write",
      ...CLOSING,
    ];
    expect(await alertCause(lines)).toEqual(["ValueError: Column 'order_total' has 42 null values in the orders_daily partition; refusing to write"]);
  });

  it('shows the root of a chained exception, with the rest of each message', async () => {
    const lines = [
      ...OPENING,
      record('ERROR', 'taskinstance.py:1853', 'Task failed with exception'),
      'Traceback (most recent call last):',
      ...FRAMES,
      'grpc._channel._InactiveRpcError: <_InactiveRpcError of RPC that terminated with:',
      '\tstatus = StatusCode.PERMISSION_DENIED',
      '\tdetails = "Permission denied on resource project demo-400006."',
      '>',
      '',
      'The above exception was the direct cause of the following exception:',
      '',
      'Traceback (most recent call last):',
      ...FRAMES,
      'google.api_core.exceptions.PermissionDenied: 403 Permission denied on resource project demo-400006.',
      ...CLOSING,
    ];
    expect(await alertCause(lines)).toEqual([
      'grpc._channel._InactiveRpcError: <_InactiveRpcError of RPC that terminated with:',
      '\tstatus = StatusCode.PERMISSION_DENIED',
      '\tdetails = "Permission denied on resource project demo-400006."',
      '>',
      'google.api_core.exceptions.PermissionDenied: 403 Permission denied on resource project demo-400006.',
    ]);
  });

  it('shows the root of an exception raised while handling another', async () => {
    const lines = [
      ...OPENING,
      record('ERROR', 'taskinstance.py:1853', 'Task failed with exception'),
      'Traceback (most recent call last):',
      ...FRAMES,
      "KeyError: 'amount'",
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      ...FRAMES,
      'airflow.exceptions.AirflowException: Could not parse orders for 2026-11-22',
      ...CLOSING,
    ];
    expect(await alertCause(lines)).toEqual(["KeyError: 'amount'", 'airflow.exceptions.AirflowException: Could not parse orders for 2026-11-22']);
  });

  it('never takes an earlier warning about a retried ConnectionError for the cause', async () => {
    const lines = [
      ...OPENING,
      record('WARNING', 'http.py:211', "ConnectionError: HTTPSConnectionPool(host='features.demo.internal'): Max retries exceeded, retrying in 5s"),
      record('WARNING', 'connectionpool.py:868', "Retrying (Retry(total=2)) after connection broken by 'NewConnectionError'"),
      record('ERROR', 'taskinstance.py:3310', 'Task failed with exception'),
      'Traceback (most recent call last):',
      ...FRAMES,
      'requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: https://features.demo.internal/api/v1/export',
      ...CLOSING,
    ];
    expect(await alertCause(lines)).toEqual([
      'requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: https://features.demo.internal/api/v1/export',
    ]);
  });

  it('shows a tool error line with the detail lines under it, and the generic exception after', async () => {
    const lines = [
      ...OPENING,
      record('INFO', 'subprocess.py:94', '03:14:54  Completed with 1 error and 0 warnings:'),
      record('INFO', 'subprocess.py:94', '03:14:54    Database Error in model customers (models/customers.sql)'),
      record('INFO', 'subprocess.py:94', '  improper relation name (too many dotted names): public.airflow.public.customers__dbt_backup'),
      record('INFO', 'subprocess.py:94', '03:14:54'),
      record('INFO', 'subprocess.py:94', '03:14:54  Done. PASS=0 WARN=0 ERROR=1 SKIP=0 TOTAL=1'),
      record('ERROR', 'taskinstance.py:3310', 'Task failed with exception'),
      'Traceback (most recent call last):',
      ...FRAMES,
      'airflow.exceptions.AirflowException: dbt command failed. The command returned a non-zero exit code 1.',
      ...CLOSING,
    ];
    expect(await alertCause(lines)).toEqual([
      record('INFO', 'subprocess.py:94', '03:14:54    Database Error in model customers (models/customers.sql)'),
      record('INFO', 'subprocess.py:94', '  improper relation name (too many dotted names): public.airflow.public.customers__dbt_backup'),
      'airflow.exceptions.AirflowException: dbt command failed. The command returned a non-zero exit code 1.',
    ]);
  });

  it("shows a tool's error inside an operator's one ERROR record, with its continuation lines", async () => {
    const lines = [
      ...OPENING,
      record('ERROR', 'local.py:222', '06:38:20  Running with dbt=1.10.0'),
      '06:38:20  1 of 1 START sql table model dbt.customers ..... [RUN]',
      '06:38:20',
      '06:38:20  Failure in model customers (models/customers/customers.sql)',
      '06:38:20    Compilation Error in model customers (models/customers/customers.sql)',
      "  'ref' is undefined. This can happen when calling a macro that does not exist.",
      '06:38:20',
    ];
    expect(await alertCause(lines)).toEqual([
      '06:38:20    Compilation Error in model customers (models/customers/customers.sql)',
      "  'ref' is undefined. This can happen when calling a macro that does not exist.",
    ]);
  });

  it("shows a JVM trace's last Caused by over its outermost exception, and Spark's generic exception", async () => {
    const lines = [
      ...OPENING,
      record('INFO', 'spark_submit.py:644', 'Exception in thread "main" org.apache.spark.SparkException: Job aborted.'),
      record('INFO', 'spark_submit.py:644', '\tat org.apache.spark.deploy.SparkSubmit.main(SparkSubmit.scala)'),
      record('INFO', 'spark_submit.py:644', 'Caused by: org.apache.spark.SparkException: Task failed while writing rows.'),
      record('INFO', 'spark_submit.py:644', 'Caused by: java.io.FileNotFoundException: s3a://demo-lake/raw/orders/part-0001.parquet'),
      record('INFO', 'spark_submit.py:644', '\t... 12 more'),
      record('ERROR', 'taskinstance.py:3310', 'Task failed with exception'),
      'Traceback (most recent call last):',
      ...FRAMES,
      'airflow.exceptions.AirflowException: Cannot execute: spark-submit --master yarn jobs/transform.py. Error code is: 1.',
      ...CLOSING,
    ];
    const cause = await alertCause(lines);
    expect(cause).toEqual([
      record('INFO', 'spark_submit.py:644', 'Exception in thread "main" org.apache.spark.SparkException: Job aborted.'),
      record('INFO', 'spark_submit.py:644', 'Caused by: org.apache.spark.SparkException: Task failed while writing rows.'),
      record('INFO', 'spark_submit.py:644', 'Caused by: java.io.FileNotFoundException: s3a://demo-lake/raw/orders/part-0001.parquet'),
      'airflow.exceptions.AirflowException: Cannot execute: spark-submit --master yarn jobs/transform.py. Error code is: 1.',
    ]);
  });

  it("shows a shell's error and the command's return code when a bash task has no traceback", async () => {
    const lines = [
      ...OPENING,
      record('INFO', 'subprocess.py:99', 'Output:'),
      record('INFO', 'subprocess.py:106', 'bash: dbt: command not found'),
      record('INFO', 'subprocess.py:110', 'Command exited with return code 127'),
      ...CLOSING,
    ];
    expect(await alertCause(lines)).toEqual([
      record('INFO', 'subprocess.py:106', 'bash: dbt: command not found'),
      record('INFO', 'subprocess.py:110', 'Command exited with return code 127'),
    ]);
  });

  it("shows a command-line tool's `name: Error …` line and the lines its message goes on in after a colon", async () => {
    const lines = [
      ...OPENING,
      record('INFO', 'subprocess.py:86', 'Output:'),
      record('INFO', 'subprocess.py:93', 'docker: Error response from daemon: mounts denied:'),
      record('INFO', 'subprocess.py:93', 'The path /project/results is not shared from the host and is not known to Docker.'),
      record('INFO', 'subprocess.py:97', 'Command exited with return code 125'),
      ...CLOSING,
    ];
    expect(await alertCause(lines)).toEqual([
      record('INFO', 'subprocess.py:93', 'docker: Error response from daemon: mounts denied:'),
      record('INFO', 'subprocess.py:93', 'The path /project/results is not shared from the host and is not known to Docker.'),
      record('INFO', 'subprocess.py:97', 'Command exited with return code 125'),
    ]);
  });

  it('shows the state set from outside before the SIGTERM it caused', async () => {
    const lines = [
      ...OPENING,
      record('WARNING', 'local_task_job_runner.py:346', 'State of this instance has been externally set to failed. Terminating instance.'),
      record('INFO', 'process_utils.py:132', 'Sending Signals.SIGTERM to group 5120. PIDs of all processes in the group: [5120]'),
      record('ERROR', 'taskinstance.py:2611', 'Received SIGTERM. Terminating subprocesses.'),
    ];
    expect(await alertCause(lines)).toEqual([
      record('WARNING', 'local_task_job_runner.py:346', 'State of this instance has been externally set to failed. Terminating instance.'),
      record('ERROR', 'taskinstance.py:2611', 'Received SIGTERM. Terminating subprocesses.'),
    ]);
  });

  it('shows the pid mismatch that made Airflow send SIGTERM, and the exception it raised', async () => {
    const lines = [
      ...OPENING,
      record('WARNING', 'local_task_job.py:260', 'Recorded pid 248 does not match the current pid 249'),
      record('ERROR', 'taskinstance.py:1488', 'Received SIGTERM. Terminating subprocesses.'),
      record('ERROR', 'taskinstance.py:1776', 'Task failed with exception'),
      'Traceback (most recent call last):',
      ...FRAMES,
      'airflow.exceptions.AirflowException: Task received SIGTERM signal',
      ...CLOSING,
    ];
    expect(await alertCause(lines)).toEqual([
      record('WARNING', 'local_task_job.py:260', 'Recorded pid 248 does not match the current pid 249'),
      record('ERROR', 'taskinstance.py:1488', 'Received SIGTERM. Terminating subprocesses.'),
      'airflow.exceptions.AirflowException: Task received SIGTERM signal',
    ]);
  });

  it('shows a kill by signal -9 and why, with no traceback', async () => {
    const lines = [
      ...OPENING,
      record('ERROR', 'local_task_job_runner.py:241', 'Job 4211 was killed before it finished (likely due to running out of memory)'),
      record('INFO', 'local_task_job_runner.py:234', 'Task exited with return code -9'),
    ];
    expect(await alertCause(lines)).toEqual([
      record('ERROR', 'local_task_job_runner.py:241', 'Job 4211 was killed before it finished (likely due to running out of memory)'),
      record('INFO', 'local_task_job_runner.py:234', 'Task exited with return code -9'),
    ]);
  });

  it("shows a sensor's timeout and a pod's failure", async () => {
    const sensor = [
      ...OPENING,
      record('ERROR', 'taskinstance.py:1937', 'Task failed with exception'),
      'Traceback (most recent call last):',
      ...FRAMES,
      'airflow.exceptions.AirflowSensorTimeout: Sensor has timed out; run duration of 3600.5 seconds exceeds the specified timeout of 3600.0.',
      ...CLOSING,
    ];
    expect(await alertCause(sensor)).toEqual([
      'airflow.exceptions.AirflowSensorTimeout: Sensor has timed out; run duration of 3600.5 seconds exceeds the specified timeout of 3600.0.',
    ]);
    const pod = [
      ...OPENING,
      record('WARNING', 'pod_manager.py:560', "Container base in pod etl-load-k8s2x8 terminated: reason='OOMKilled', exit_code=137"),
      record('INFO', 'pod_manager.py:421', 'Pod etl-load-k8s2x8 is Running'),
      ...CLOSING,
    ];
    expect(await alertCause(pod)).toEqual([
      record('WARNING', 'pod_manager.py:560', "Container base in pod etl-load-k8s2x8 terminated: reason='OOMKilled', exit_code=137"),
    ]);
  });

  it('shows only what Airflow says when that is all the log has', async () => {
    expect(await alertCause([record('INFO', 'local_task_job.py:102', 'Task exited with return code 1')])).toEqual([
      record('INFO', 'local_task_job.py:102', 'Task exited with return code 1'),
    ]);
  });

  it('reads Airflow 3 structured records: the exception of error_detail, and a chain root', async () => {
    const records = [
      { timestamp: '2026-11-22T06:01:01.000000Z', level: 'info', event: 'Stage 3 of 7: aggregating order totals', logger: 'task' },
      { timestamp: '2026-11-22T06:01:02.000000Z', level: 'warning', event: 'ConnectionError while fetching totals, retrying', logger: 'task' },
      {
        timestamp: '2026-11-22T06:01:03.000000Z',
        level: 'error',
        event: 'Task failed with exception',
        logger: 'airflow.task',
        error_detail: [
          {
            exc_type: 'ValueError',
            exc_value: "Column 'order_total' has 42 null values",
            is_cause: true,
            frames: [{ filename: '/opt/airflow/dags/etl_daily.py', lineno: 24, name: 'validate_totals' }],
          },
          {
            exc_type: 'KeyError',
            exc_value: "'order_total'",
            frames: [{ filename: '/opt/airflow/dags/etl_daily.py', lineno: 12, name: 'column' }],
          },
        ],
      },
      { timestamp: '2026-11-22T06:01:04.000000Z', level: 'info', event: 'Marking task as FAILED.', logger: 'airflow.task' },
    ];
    const cause = await alertCause(records.map((item) => JSON.stringify(item)), 'ndjson');
    expect(cause).toEqual(["KeyError: 'order_total'", "ValueError: Column 'order_total' has 42 null values"]);
  });

  it('masks every line it shows', async () => {
    const lines = [
      ...OPENING,
      record('ERROR', 'taskinstance.py:3310', 'Task failed with exception'),
      'Traceback (most recent call last):',
      ...FRAMES,
      'psycopg2.OperationalError: password authentication failed for user "etl" with password Hunter2Secret!',
      'DETAIL: connection string postgres://etl:Hunter2Secret!@db/orders',
      ...CLOSING,
    ];
    const body = chunkedBody(`${lines.join('\n')}\n`, 512);
    const excerpt = await excerptFromFeed((onLine) => readLogBody('text', body, onLine, DEFAULT_LOG_READ_LIMITS), ['Hunter2Secret!'], {
      cause: ALERT_CAUSE_LIMITS,
    });
    expect(excerpt.cause.map((line) => line.text)).toEqual([
      'psycopg2.OperationalError: password authentication failed for user "etl" with password ***',
      'DETAIL: connection string postgres://etl:***@db/orders',
    ]);
  });

  it('reaches the exception line before a long traceback uses up the budget, in the log view and the alert alike', () => {
    const longFrames = Array.from({ length: 60 }, (_, i) => `  File "/opt/airflow/dags/${'deep/'.repeat(40)}f${i}.py", line ${i}, in f${i}`);
    const lines = [...OPENING, record('ERROR', 'taskinstance.py:3310', 'Task failed with exception'), 'Traceback (most recent call last):', ...longFrames, 'ValueError: bad row 7', ...CLOSING];
    expect(buildLogExcerpt(lines).cause).toEqual([{ n: 65, text: 'ValueError: bad row 7' }]);
    expect(buildLogExcerpt(lines, { cause: ALERT_CAUSE_LIMITS, maxChars: 300 }).cause).toEqual([{ n: 65, text: 'ValueError: bad row 7' }]);
  });
});

describe('selectCause', () => {
  const candidate = (n: number, text: string, rank: number, details: string[] = [], required = false): CauseCandidate => ({
    head: { n, text },
    details: details.map((detail, i) => ({ n: n + 1 + i, text: detail })),
    rank,
    ...(required ? { required } : {}),
  });

  it('takes details in turns, so a long message does not crowd out the root', () => {
    const final = candidate(50, 'PermissionDenied: 403', CAUSE_RANK.failureException, ['  a', '  b', '  c', '  d', '  e'], true);
    const root = candidate(10, '_InactiveRpcError: <', CAUSE_RANK.rootException, ['\tstatus = PERMISSION_DENIED', '\tdetails = "denied"']);
    expect(selectCause([final, root], { maxLines: 6, maxChars: 1000 }).map((line) => line.text)).toEqual([
      '_InactiveRpcError: <',
      '\tstatus = PERMISSION_DENIED',
      '\tdetails = "denied"',
      'PermissionDenied: 403',
      '  a',
      '  b',
    ]);
  });

  it('shows a weak line only when nothing stronger was found, and one of lines alike but for their numbers', () => {
    const weak = candidate(3, 'ERROR - Could not read optional cache', CAUSE_RANK.errorLine);
    const killed = (n: number, pid: number) => candidate(n, `[2023-07-17 16:04:3${n},364: ERROR/MainProcess] Process 'ForkPoolWorker-${pid}' exited with 'signal 9 (SIGKILL)'`, CAUSE_RANK.processEnd);
    expect(selectCause([weak, killed(5, 148), killed(6, 149)], ALERT_CAUSE_LIMITS)).toEqual([killed(6, 149).head]);
    expect(selectCause([weak], ALERT_CAUSE_LIMITS)).toEqual([weak.head]);
    expect(selectCause([], ALERT_CAUSE_LIMITS)).toEqual([]);
  });

  it('cuts a head to half the budget and a detail line to a quarter, masked first', () => {
    const head = candidate(1, `ValueError: ${'x'.repeat(300)} token=abc`, CAUSE_RANK.failureException, [`  ${'y'.repeat(300)}`], true);
    const shown = selectCause([head], { maxLines: 4, maxChars: 200 }, (line) => line.replace('x', 'X'));
    expect(shown).toEqual([
      { n: 1, text: `ValueError: X${'x'.repeat(86)}…` },
      { n: 2, text: `  ${'y'.repeat(47)}…` },
    ]);
  });
});
