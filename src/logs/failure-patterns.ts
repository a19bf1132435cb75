import type { ScanLiteral } from './byte-scanner';

/**
 * What the excerpt looks for in a task log, as patterns over single lines. Both dialects meet
 * them in the same shape: Airflow 3's structured messages are rendered as text lines (and their
 * `error_detail` as a Python traceback) before they get here.
 */

/** A Python traceback starts here. */
export const TRACEBACK_HEADER = 'Traceback (most recent call last):';

/** Between two tracebacks of one chained failure. */
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
 * How the process ended when no traceback says why: a kill (`return code -9`, SIGKILL, SIGTERM),
 * the out-of-memory killer, a pod's failure reason, a sensor's timeout.
 */
export const PROCESS_CAUSE =
  /return code -\d+|exit_code=-\d+|Received SIG(?:TERM|KILL)|signal(?:_sent)?=SIG(?:TERM|KILL)|was killed before it finished|running out of memory|OOMKilled|Pod \S+ returned a failure|has phase Failed|Sensor has timed out|AirflowSensorTimeout|Task received SIGTERM signal/;

/**
 * Final exceptions that only say a subprocess failed: the reason is earlier, in the operator's own
 * output (Spark, a shell, dbt, a pod), or in the state change that made Airflow send SIGTERM.
 */
export const GENERIC_FAILURE =
  /Cannot execute: .*Error code is: -?\d+|Error code is: -?\d+|Bash command failed|non-zero exit code|returned non-zero exit status|dbt command failed|dbt run failed|Pod \S+ returned a failure|Task received SIGTERM signal|AirflowTaskTerminated|Process returned exit code|exited with return code [1-9]/;

/** Lines in an operator's output that name a real cause. */
export const STRONG_CAUSE =
  /Caused by:|Exception in thread "|can't open file|externally set|No such file or directory|command not found|Permission denied|(?:Database|Compilation|Runtime|Dependency) Error\b|OOMKilled|ImagePullBackOff|ErrImagePull|CrashLoopBackOff|\bFATAL\b|psycopg2\.errors\.\w+|ModuleNotFoundError|SyntaxError|killed by signal/;

/** Any other line that reads like an error in an operator's output. */
export const WEAK_CAUSE = /\b(?:error|fatal|failed|failure)\b/i;

/** Airflow's own lines about the failure, which never explain it. */
export const AIRFLOW_BOOKKEEPING = /Marking task as|Task failed with exception|ERROR=\d|Failed to execute job|Task exited with return code/;

/**
 * One cheap test first: most lines of a big log match none of the patterns above. Case-blind
 * stems of every pattern (a line it lets through is only looked at more closely), which a regular
 * expression tests faster than the exact alternatives.
 */
export const WORTH_A_LOOK =
  /rror|xception|traceback|critical|fatal|fail|sig[tk]|return code|exit_code|kill|memory|oom|pod |phase|sensor|caused by|can't open|externally|no such|not found|denied|backoff|imagepull/i;

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
