import type { ScanLiteral } from './byte-scanner';

/**
 * What the excerpt looks for in a task log, as patterns over single lines. Both dialects meet
 * them in the same shape: Airflow 3's structured messages are rendered as text lines (and their
 * `error_detail` as a Python traceback) before they get here.
 */

/** A Python traceback starts here. */
export const TRACEBACK_HEADER = 'Traceback (most recent call last):';

/** Between two tracebacks of one chained failure: the one above caused the one below. */
export const CHAINED_EXCEPTION =
  /^(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/;

/**
 * Airflow's own report that the task failed; the traceback under it is the failure.
 * Airflow 2: `ERROR - Task failed with exception` (older: `Failed to execute job`); Airflow 3:
 * the `Task failed with exception` event carrying `error_detail`.
 */
export const FAILURE_MARKER = /Task failed with exception|Failed to execute job \d+ for task/;

/** A line at ERROR or CRITICAL level, or one naming an error or exception. */
export const ERROR_LINE = /\b(?:ERROR|CRITICAL)\b|(?:Error|Exception)\b|Task failed/;

/**
 * Final exceptions that only say a subprocess failed: the reason is earlier, in the operator's own
 * output (Spark, a shell, dbt, a pod), or in the state change that made Airflow send SIGTERM.
 */
export const GENERIC_FAILURE =
  /Cannot execute: .*Error code is: -?\d+|Error code is: -?\d+|Bash command failed|non-zero exit code|returned non-zero exit status|dbt command failed|dbt run failed|Pod \S+ returned a failure|Task received SIGTERM signal|AirflowTaskTerminated|Process returned exit code|exited with return code [1-9]/;

/**
 * Why Airflow stopped the task from outside: its state was changed (by a person, the scheduler),
 * or the process it watches is not the one it started. These explain the SIGTERM that follows.
 */
export const STOPPED_FROM_OUTSIDE = /externally set to \w+|Recorded pid \d+ does not match the current pid \d+/;

/**
 * How the process ended when no traceback says why: a signal (`-9`, SIGKILL, SIGTERM), the
 * out-of-memory killer, a sensor's timeout.
 */
export const PROCESS_END =
  /return code -\d+|exit_code=-\d+|Received SIG(?:TERM|KILL)|signal(?:_sent|_name)?=(?:SIG)?(?:TERM|KILL)|\bSIGKILL\b|signal 9\b|killed by signal|Process terminated by signal|was killed before it finished|running out of memory|\bKilled\b|Sensor has timed out|AirflowSensorTimeout/;

/** A Kubernetes pod that failed, or never started. */
export const POD_FAILURE =
  /OOMKilled|ImagePullBackOff|ErrImagePull|CrashLoopBackOff|Pod \S+ returned a failure|has phase Failed|Event with job id \S+ Failed|Pod took too long to start/;

/**
 * A line of another program's output (a shell, dbt, a database, Python run as a script) that names
 * a cause; also a command-line tool's own `name: error …` (`docker: Error response from daemon`,
 * `psql: error: connection …`).
 */
export const TOOL_ERROR =
  /can't open file|No such file or directory|command not found|Permission denied|(?:Database|Compilation|Runtime|Dependency) Error\b|\bFATAL\b|psycopg2\.errors\.\w+|ModuleNotFoundError|SyntaxError|(?:^|\s)[a-z][\w.-]*: (?:error|Error|ERROR)\b/;

/** A JVM's root cause: the last `Caused by:` of a stack trace is the deepest. */
export const JVM_CAUSED_BY = /Caused by: /;

/** A JVM's outermost exception: it names what failed, the `Caused by:` lines after it name why. */
export const JVM_TOP_EXCEPTION = /Exception in thread "/;

/**
 * How a shell command, or the process Airflow ran, ended with an error code. Airflow 2's own
 * `Task exited with return code 1` ends every failed try, so it is bookkeeping (see
 * {@link AIRFLOW_BOOKKEEPING}) and only stands when nothing else says how the task ended.
 */
export const EXIT_CODE = /(?:Command|Task) exited with return code [1-9]\d*|Process returned exit code [1-9]\d*|returned non-zero exit status \d+/;

/** A Python exception line printed on its own, without the traceback header above it. */
export const PYTHON_EXCEPTION_LINE = /^(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception)(?::|$)/;

/**
 * An operator's note that it will try again: what it mentions was survived, so it never stands
 * for the cause (a retried `ConnectionError` before the exception that failed the task).
 */
export const RETRY_NOTE = /\bretr(?:y|ying|ies|ied)\b/i;

/** Airflow's own lines about the failure, which never explain it. */
export const AIRFLOW_BOOKKEEPING = /Marking task as|Task failed with exception|ERROR=\d|Failed to execute job|Task exited with return code/;

/**
 * The start of a log record: Airflow 2's `[2026-11-22T06:01:02.000+0000] {…}` (or
 * `[2026-11-22, 06:01:02 UTC]`, or Airflow 1's `[2020-05-15 07:31:52,314]`), or a rendered Airflow
 * 3 message `2026-11-22T06:01:02.000000Z LEVEL …`. In a log whose records start so, a line that
 * does not is part of the record before it: the rest of a multi-line message.
 */
export const RECORD_START = /^\[?\d{4}-\d\d-\d\d(?:T|,? )\d\d:\d\d/;

/**
 * One cheap test first: most lines of a big log match none of the patterns above. Case-blind
 * stems of every pattern (a line it lets through is only looked at more closely), which a regular
 * expression tests faster than the exact alternatives.
 */
export const WORTH_A_LOOK =
  /rror|xception|traceback|critical|fatal|fail|sig[tk]|signal|return code|exit_code|exit code|exit status|kill|memory|oom|pod |phase|sensor|caused by|can't open|externally|recorded pid|no such|not found|denied|backoff|imagepull|took too long/i;

/**
 * Texts that make a stretch of a log worth reading line by line; a long stretch with none of them
 * is only counted (see `LineSkimmer`): the traceback header, the start of a private key, and what
 * makes an error line (see {@link ERROR_LINE}).
 */
export const SKIM_LITERALS: readonly ScanLiteral[] = [
  { text: '(most recent call last)' },
  { text: 'BEGIN ' },
  { text: 'ERROR' },
  { text: 'CRITICAL' },
  { text: 'Error' },
  { text: 'Exception' },
  { text: 'Task failed' },
];

/**
 * What else makes an NDJSON record worth reading: a traceback in `error_detail`, and the level
 * `"error"` or `"critical"` in any case (rendered in capitals, as an error line). A field whose
 * value merely says "error" makes a stretch read too, which costs time, not accuracy.
 */
export const NDJSON_SKIM_LITERALS: readonly ScanLiteral[] = [
  ...SKIM_LITERALS,
  { text: '_detail' },
  { text: '"error"', caseBlind: true },
  { text: '"critical"', caseBlind: true },
];
