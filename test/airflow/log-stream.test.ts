import { createAirflowClient } from '../../src/airflow/create-airflow-client';
import type { TaskInstanceRef } from '../../src/airflow/model';
import { excerptFromFeed, type LogLineSink } from '../../src/logs/log-pipeline';
import { CUT_TAIL_TITLE } from '../../src/logs/excerpt-collector';
import { logExcerptMessage } from '../../src/views/log-excerpt-message';
import { AirflowContract } from '../helpers/airflow-contract';
import { AirflowTestServer, type Reply } from '../helpers/airflow-test-server';
import { BASIC, FAST_RETRY, FakeCredentials, T0, deployment } from './payloads';

const V1_LOG = '/api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/logs/{task_try_number}';
const V2_LOG = '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/logs/{try_number}';
const REF: TaskInstanceRef = { dagId: 'etl_daily', runId: `scheduled__${T0}`, taskId: 'load', mapIndex: -1 };

let server: AirflowTestServer;

beforeAll(async () => {
  server = await AirflowTestServer.start(await AirflowContract.load());
});

afterEach(() => server.endTest());

afterAll(() => server.close());

function v1Client() {
  return createAirflowClient(deployment(server.url, { dialect: 'v1' }), { credentials: new FakeCredentials(BASIC), retry: FAST_RETRY });
}

function v2Client() {
  return createAirflowClient(deployment(server.url, { dialect: 'v2', auth: 'bearer' }), {
    credentials: new FakeCredentials({ kind: 'bearer', token: 'astro-token' }),
    retry: FAST_RETRY,
  });
}

async function readAll(read: (onLine: LogLineSink) => Promise<unknown>): Promise<{ lines: string[]; summary: unknown }> {
  const lines: string[] = [];
  const summary = await read((line, render) => lines.push(render ? render(line) : line));
  return { lines, summary };
}

describe('reading a whole log as a stream', () => {
  it('asks Airflow 2 for text/plain with full_content and reads the body line by line', async () => {
    const text = '*** Found local files:\r\n[2024-01-01T01:00:00.000+0000] {taskinstance.py:1} ERROR - Task failed with exception\nValueError: x';
    server.on('GET', V1_LOG, () => ({ status: 200, raw: text, contentType: 'text/plain; charset=utf-8', why: 'the text/plain form of the log' }));

    const { lines, summary } = await readAll((onLine) => v1Client().readLog({ ...REF, mapIndex: 2 }, 3, onLine));

    expect(lines).toEqual(['*** Found local files:', '[2024-01-01T01:00:00.000+0000] {taskinstance.py:1} ERROR - Task failed with exception', 'ValueError: x']);
    expect(summary).toEqual({ format: 'text', bytesRead: Buffer.byteLength(text) });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]?.headers.accept).toBe('text/plain');
    expect(server.received[0]?.params.task_try_number).toBe('3');
    expect(server.received[0]?.query).toEqual({ full_content: 'true', map_index: '2' });
  });

  it('asks Airflow 3 for application/x-ndjson and renders each record, error_detail as a traceback', async () => {
    const records = [
      { timestamp: '2024-01-01T01:00:00.000000Z', level: 'info', event: 'Starting' },
      {
        timestamp: '2024-01-01T01:00:01.000000Z',
        level: 'error',
        event: 'Task failed with exception',
        error_detail: [{ exc_type: 'ValueError', exc_value: 'bad row', frames: [{ filename: '/dags/etl.py', lineno: 3, name: 'load' }] }],
      },
      { content: 'a content record' },
    ];
    server.on('GET', V2_LOG, () => ({
      status: 200,
      raw: records.map((record) => JSON.stringify(record)).join('\n') + '\n',
      contentType: 'application/x-ndjson',
      why: 'the NDJSON form of the log',
    }));

    const { lines, summary } = await readAll((onLine) => v2Client().readLog(REF, 1, onLine));

    expect(lines).toEqual([
      '2024-01-01T01:00:00.000000Z INFO Starting',
      '2024-01-01T01:00:01.000000Z ERROR Task failed with exception',
      'Traceback (most recent call last):',
      '  File "/dags/etl.py", line 3, in load',
      'ValueError: bad row',
      'a content record',
    ]);
    expect(summary).toMatchObject({ format: 'ndjson' });
    expect(server.received[0]?.headers.accept).toBe('application/x-ndjson');
    expect(server.received[0]?.query).toEqual({ full_content: 'true', map_index: '-1' });
  });

  it('reads JSON pages when the server ignores Accept, until the token says the log has ended', async () => {
    const ended = `${Buffer.from(JSON.stringify({ end_of_log: true, log_pos: 2 })).toString('base64url')}.c2ln`;
    const going = `${Buffer.from(JSON.stringify({ end_of_log: false, log_pos: 1 })).toString('base64url')}.c2ln`;
    server.on('GET', V1_LOG, (request) => {
      if (request.query.full_content === 'true') return { status: 200, json: { content: 'whole log, dropped unread', continuation_token: ended } };
      return { status: 200, json: request.query.token === going ? { content: 'line 2\n', continuation_token: ended } : { content: 'line 1\n', continuation_token: going } };
    });

    const { lines, summary } = await readAll((onLine) => v1Client().readLog(REF, 1, onLine));

    expect(lines).toEqual(['line 1', 'line 2']);
    expect(summary).toEqual({ format: 'json-pages', bytesRead: 14 });
    expect(server.received.map((request) => request.headers.accept)).toEqual(['text/plain', 'application/json', 'application/json']);
  });

  it('stops at the byte limit of a stream and says so', async () => {
    const text = Array.from({ length: 5000 }, (_, i) => `line ${i + 1}`).join('\n');
    server.on('GET', V1_LOG, () => ({ status: 200, raw: text, contentType: 'text/plain', why: 'the text/plain form of the log' }));

    const { lines, summary } = await readAll((onLine) => v1Client().readLog(REF, 1, onLine, { maxBytes: 1000 }));

    expect(summary).toEqual({ format: 'text', bytesRead: 1000, stoppedBy: 'size' });
    expect(lines[0]).toBe('line 1');
    expect(lines.join('\n').length).toBeLessThanOrEqual(1000);
    expect(lines.length).toBeLessThan(200);
  });

  it('refuses an answer in a media type it did not ask for', async () => {
    server.on('GET', V1_LOG, () => ({ status: 200, raw: '<html>login</html>', contentType: 'text/html', why: 'a proxy page' }));

    await expect(v1Client().readLog(REF, 1, () => undefined)).rejects.toMatchObject({
      kind: 'unavailable',
      userMessage: expect.stringContaining('came as text/html, not text/plain or JSON'),
    });
  });
});

describe('a server that always returns a continuation token', () => {
  const page = (n: number): Reply => ({
    status: 200,
    json: { content: `[2024-01-01T01:00:00.000+0000] {work.py:1} INFO - page ${n} line a\n[2024-01-01T01:00:00.000+0000] {work.py:1} INFO - page ${n} line b\n`, continuation_token: `${Buffer.from(JSON.stringify({ end_of_log: false, log_pos: n })).toString('base64url')}.c2ln` },
  });

  beforeEach(() => {
    let served = 0;
    server.on('GET', V1_LOG, (request) => (request.query.full_content === 'true' ? page(0) : page((served += 1))));
  });

  it('reads a bounded number of pages and says the log was cut there', async () => {
    const { lines, summary } = await readAll((onLine) => v1Client().readLog(REF, 1, onLine));

    expect(summary).toMatchObject({ format: 'json-pages', stoppedBy: 'pages' });
    // The probe for the stream, then 20 pages.
    expect(server.received).toHaveLength(21);
    expect(lines).toHaveLength(40);
  });

  it('never presents the first lines as the last: the excerpt and the message say where it was cut', async () => {
    const client = v1Client();
    const excerpt = await excerptFromFeed((onLine) => client.readLog(REF, 1, onLine), []);

    expect(excerpt.cut).toEqual({ reason: 'pages', afterLines: 40, afterBytes: expect.any(Number) });
    expect(excerpt.sections.map((section) => section.title)).toEqual([CUT_TAIL_TITLE]);
    expect(excerpt.sections[0]?.lines.at(-1)).toContain('page 20 line b');
    expect(excerpt.sections[0]?.lines[0]).not.toContain('page 1 line a');
    const message = logExcerptMessage({
      deployment: { name: 'prod', displayName: 'Production' },
      ref: REF,
      tryNumber: 1,
      excerpt,
      fullLogUrl: 'https://airflow.example.com/log',
    });
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('The log was cut after line 40');
    expect(text).toContain('not the end of the log');
    expect(text).not.toContain('these are the last lines');
  });
});
