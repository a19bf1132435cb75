import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LOG_READ_LIMITS, readLogBody } from '../../src/airflow/log-reader';
import type { LogExcerpt } from '../../src/logs/excerpt-types';
import { excerptFromFeed } from '../../src/logs/log-pipeline';
import {
  ERROR_LINE,
  EXIT_CODE,
  FAILURE_MARKER,
  JVM_CAUSED_BY,
  JVM_TOP_EXCEPTION,
  POD_FAILURE,
  PROCESS_END,
  PYTHON_EXCEPTION_LINE,
  STOPPED_FROM_OUTSIDE,
  TOOL_ERROR,
  TRACEBACK_HEADER,
  WORTH_A_LOOK,
} from '../../src/logs/failure-patterns';
import { checkSlackLimits } from '../../src/views/limits';
import { logExcerptMessage } from '../../src/views/log-excerpt-message';
import { airflow2Text, airflow3Ndjson, SCENARIOS, type Entry, type Scenario } from './fixtures/scenarios';
import { chunkedBody } from './chunked-body';

const FORMATS = [
  { name: 'Airflow 2 text', format: 'text' as const, folder: 'airflow2', extension: 'txt', render: airflow2Text },
  { name: 'Airflow 3 NDJSON', format: 'ndjson' as const, folder: 'airflow3', extension: 'ndjson', render: airflow3Ndjson },
];


async function excerptOf(text: string, format: 'text' | 'ndjson'): Promise<LogExcerpt> {
  return excerptFromFeed((onLine) => readLogBody(format, chunkedBody(text, 97), onLine, DEFAULT_LOG_READ_LIMITS), []);
}

/**
 * The scenario with 300 ordinary lines between the cause and the failure (or ahead of everything
 * when the cause is the failure itself), so that nothing is found just by being near the end.
 */
function padded(scenario: Scenario): Scenario {
  const filler: Entry[] = Array.from({ length: 300 }, (_, i) => ({ level: 'INFO', source: 'work.py:7', message: `Processed item ${i + 1}` }));
  const at = scenario.entries.findIndex((entry) => entry.message.includes(scenario.mustShow[0]));
  const entries = [...scenario.entries];
  entries.splice(at === -1 ? 0 : at + 1, 0, ...filler);
  return { ...scenario, entries };
}

/** The cause's lines, then the sections'. */
function shownLines(excerpt: LogExcerpt): string[] {
  return [...excerpt.cause.map((line) => line.text), ...excerpt.sections.flatMap((section) => section.lines)];
}

function fitsSlack(excerpt: LogExcerpt): string[] {
  const ref = { dagId: 'etl_daily', runId: 'scheduled__2026-11-22T06:00:00+00:00', taskId: 'load', mapIndex: -1 };
  const message = logExcerptMessage({
    deployment: { name: 'prod', displayName: 'Production' },
    deploymentName: 'prod',
    ref,
    tryNumber: 2,
    latestTry: 3,
    excerpt,
    fullLogUrl: 'https://airflow.example.com/log',
  });
  return checkSlackLimits(message);
}

describe.each(FORMATS)('the excerpt of each failure fixture ($name)', ({ format, folder, extension, render }) => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s: shows the cause, within Slack limits', async (_name, scenario) => {
    const text = readFileSync(join(__dirname, 'fixtures', folder, `${scenario.name}.${extension}`), 'utf8');
    expect(text).toBe(render(scenario));
    const excerpt = await excerptOf(text, format);
    const lines = shownLines(excerpt);
    for (const wanted of scenario.mustShow) expect(lines.filter((line) => line.includes(wanted))).not.toEqual([]);
    expect(excerpt.errorFound).toBe(true);
    expect(fitsSlack(excerpt)).toEqual([]);
  });

  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s: still shows the cause 300 lines away from the failure', async (_name, scenario) => {
    const excerpt = await excerptOf(render(padded(scenario)), format);
    const lines = shownLines(excerpt);
    for (const wanted of scenario.mustShow) expect(lines.filter((line) => line.includes(wanted))).not.toEqual([]);
    expect(fitsSlack(excerpt)).toEqual([]);
  });
});

describe('the excerpt sections of the fixtures', () => {
  it('puts the cause line far before the reported failure in the cause, with the failure around its traceback', async () => {
    const scenario = SCENARIOS.find((s) => s.name === 'bash-non-zero');
    const excerpt = await excerptOf(airflow2Text(padded(scenario!)), 'text');
    expect(excerpt.cause.map((line) => line.text)).toEqual([
      expect.stringContaining("can't open file '/opt/jobs/cleanup.py'"),
      expect.stringContaining('Command exited with return code 2'),
      'airflow.exceptions.AirflowException: Bash command failed. The command returned a non-zero exit code 2.',
    ]);
    expect(excerpt.sections.map((section) => section.title)).toEqual(['Around the failure']);
  });

  it('shows the failure, not an earlier ERROR line, as the reason', async () => {
    const scenario = SCENARIOS.find((s) => s.name === 'unrelated-error-first');
    const excerpt = await excerptOf(airflow2Text(padded(scenario!)), 'text');
    const failure = excerpt.sections.find((section) => section.kind === 'failure');
    expect(failure?.lines.at(-4)).toBe('ValueError: negative amount -12.50 in row 1771 of partition 2026-11-22');
    const first = excerpt.sections.find((section) => section.kind === 'first-error');
    expect(first?.lines).toContainEqual(expect.stringContaining('Could not read optional cache'));
  });

  it('takes the last reported failure, not an earlier retried error, as the exception', async () => {
    const scenario = SCENARIOS.find((s) => s.name === 'retries-different-errors');
    const excerpt = await excerptOf(airflow3Ndjson(scenario!), 'ndjson');
    const failure = excerpt.sections.find((section) => section.kind === 'failure');
    expect(failure?.lines.filter((line) => /^requests\.exceptions\.\w+:/.test(line)).at(-1)).toBe(
      'requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: https://features.demo.internal/api/v1/export',
    );
  });
});

describe('the cheap first test of a line', () => {
  const samples = [
    ...SCENARIOS.flatMap((scenario) => airflow2Text(scenario).split('\n')),
    'Task exited with return code -9',
    'Process exited exit_code=-9 signal_sent=SIGKILL',
    "Back-off pulling image: reason='ImagePullBackOff'",
    'ErrImagePull: manifest unknown',
    'container state CrashLoopBackOff',
    'bash: dbt: command not found',
    'open /data/x: Permission denied',
    'FATAL:  password authentication failed for user "etl"',
    'worker was killed by signal 9',
    'Recorded pid 248 does not match the current pid 249',
    'CRITICAL Process terminated by signal. signal=-9 signal_name=SIGKILL',
    'airflow.exceptions.AirflowException: Pod took too long to start',
    'ERROR - Event with job id hello-world-pod.0c8a Failed',
    "subprocess.CalledProcessError: Command '['dbt', 'run']' returned non-zero exit status 2.",
    '06:38:20    Compilation Error in model customers',
  ];
  const patterns = [
    ERROR_LINE,
    FAILURE_MARKER,
    STOPPED_FROM_OUTSIDE,
    PROCESS_END,
    POD_FAILURE,
    TOOL_ERROR,
    JVM_CAUSED_BY,
    JVM_TOP_EXCEPTION,
    EXIT_CODE,
    PYTHON_EXCEPTION_LINE,
  ];

  it('lets through every line that any of the exact patterns would match', () => {
    const matched = samples.filter((line) => line.includes(TRACEBACK_HEADER) || patterns.some((pattern) => pattern.test(line)));
    expect(matched.length).toBeGreaterThan(40);
    expect(matched.filter((line) => !WORTH_A_LOOK.test(line))).toEqual([]);
  });
});
