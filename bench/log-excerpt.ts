/**
 * The log excerpt on a 200 MB log: Airflow 2's plain text and Airflow 3's NDJSON, each served by a
 * loopback server. For each, the time to read the stream and discard it (the floor), to read it
 * into lines through the Airflow client and drop them (decoding and splitting), and to build the
 * masked excerpt as the worker does, with the heap growth while building it. A read runs faster
 * or slower by what ran just before it (here, up to half again: one after a read-and-discard is
 * the slowest), so every measured read follows the same unmeasured read-and-discard, and the floor
 * and the excerpt are taken in pairs whose order alternates; reading into lines, which leaves the
 * most garbage behind, goes after all of them. `npm run bench -- logs` runs this alone.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createAirflowClient } from '../src/airflow/create-airflow-client';
import type { DeploymentConfig } from '../src/config/types';
import type { LogExcerpt } from '../src/logs/excerpt-types';
import { excerptFromFeed } from '../src/logs/log-pipeline';

const LOG_BYTES = 200 * 1024 * 1024;
/** One block of generated lines, repeated until the log is 200 MB; the failure comes last. */
const BLOCK_LINES = 20_000;
/** Pairs of floor and excerpt reads: even, so each order is taken as often. */
const RUNS = 8;
const LINE_RUNS = 3;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

type Format = 'airflow2' | 'airflow3';

function plainLine(i: number): string {
  const time = `[2026-11-22T06:${String(Math.floor(i / 600) % 60).padStart(2, '0')}:${String(Math.floor(i / 10) % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}+0000]`;
  if (i % 5000 === 4999) return `${time} {http.py:211} WARNING - Attempt 1 of 3 failed, retrying: error reading from upstream`;
  return `${time} {work.py:42} INFO - Processed batch ${i} of orders: 2500 rows in 0.42 s`;
}

function ndjsonLine(i: number): string {
  const event = i % 5000 === 4999 ? 'Attempt 1 of 3 failed, retrying: error reading from upstream' : `Processed batch ${i} of orders: 2500 rows in 0.42 s`;
  return JSON.stringify({ timestamp: `2026-11-22T06:01:02.${String(i % 1_000_000).padStart(6, '0')}Z`, level: i % 5000 === 4999 ? 'warning' : 'info', event, logger: 'task' });
}

const FAILURE_PLAIN = [
  '[2026-11-22T07:00:00.000+0000] {subprocess.py:106} INFO - python: can\'t open file \'/opt/jobs/cleanup.py\': [Errno 2] No such file or directory',
  '[2026-11-22T07:00:00.100+0000] {taskinstance.py:3311} ERROR - Task failed with exception',
  'Traceback (most recent call last):',
  '  File "/usr/local/lib/python3.12/site-packages/airflow/operators/bash.py", line 249, in execute',
  'airflow.exceptions.AirflowException: Bash command failed. The command returned a non-zero exit code 2.',
  '[2026-11-22T07:00:00.200+0000] {local_task_job_runner.py:266} INFO - Task exited with return code 1',
];

const FAILURE_NDJSON = [
  JSON.stringify({ timestamp: '2026-11-22T07:00:00.000000Z', level: 'info', event: "python: can't open file '/opt/jobs/cleanup.py': [Errno 2] No such file or directory" }),
  JSON.stringify({
    timestamp: '2026-11-22T07:00:00.100000Z',
    level: 'error',
    event: 'Task failed with exception',
    error_detail: [
      {
        exc_type: 'AirflowException',
        exc_value: 'Bash command failed. The command returned a non-zero exit code 2.',
        frames: [{ filename: '/usr/local/lib/python3.12/site-packages/airflow/operators/bash.py', lineno: 249, name: 'execute' }],
      },
    ],
  }),
  JSON.stringify({ timestamp: '2026-11-22T07:00:00.200000Z', level: 'info', event: 'Task exited with return code 1' }),
];

/** The log as a repeated block and an ending: 200 MB on the wire, a few MB in memory. */
function generatedLog(format: Format): { block: Buffer; repeats: number; ending: Buffer } {
  const line = format === 'airflow2' ? plainLine : ndjsonLine;
  const block = Buffer.from(Array.from({ length: BLOCK_LINES }, (_, i) => `${line(i)}\n`).join(''));
  const ending = Buffer.from(`${(format === 'airflow2' ? FAILURE_PLAIN : FAILURE_NDJSON).join('\n')}\n`);
  return { block, repeats: Math.ceil((LOG_BYTES - ending.length) / block.length), ending };
}

/** Serves the log route of both dialects, streaming the generated log with backpressure. */
async function startLogServer(): Promise<{ server: Server; url: string }> {
  const logs = { airflow2: generatedLog('airflow2'), airflow3: generatedLog('airflow3') };
  const server = createServer((request, response) => {
    const format: Format = (request.url ?? '').startsWith('/api/v2/') ? 'airflow3' : 'airflow2';
    const { block, repeats, ending } = logs[format];
    response.writeHead(200, { 'content-type': format === 'airflow2' ? 'text/plain; charset=utf-8' : 'application/x-ndjson' });
    let sent = 0;
    const pump = (): void => {
      while (sent < repeats) {
        sent += 1;
        if (!response.write(block)) {
          response.once('drain', pump);
          return;
        }
      }
      response.end(ending);
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

function deployment(url: string, format: Format): DeploymentConfig {
  return {
    name: 'bench',
    displayName: 'Bench',
    apiUrl: url,
    uiUrl: url,
    dialect: format === 'airflow2' ? 'v1' : 'v2',
    auth: format === 'airflow2' ? 'basic' : 'bearer',
    secretId: 'bench',
    defaultChannels: [],
  };
}

const REF = { dagId: 'etl_daily', runId: 'scheduled__2026-11-22T06:00:00+00:00', taskId: 'cleanup', mapIndex: -1 };

/** Reads the whole body and drops it: no decoding, no lines. */
async function readAndDiscard(url: string): Promise<number> {
  const response = await fetch(url);
  let bytes = 0;
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.byteLength;
  }
}

interface Measured {
  ms: number;
  heapGrowthMb: number;
  /** Growth of the memory behind buffers, outside the heap: the raw bytes held while reading. */
  buffersGrowthMb: number;
}

/** Time, and the highest heap and buffer use above the starting point, sampled while `work` runs. */
async function measure<T>(work: () => Promise<T>): Promise<Measured & { result: T }> {
  gc();
  const start = process.memoryUsage();
  let peakHeap = start.heapUsed;
  let peakBuffers = start.arrayBuffers;
  const sample = () => {
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakBuffers = Math.max(peakBuffers, now.arrayBuffers);
  };
  const sampler = setInterval(sample, 5);
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  clearInterval(sampler);
  sample();
  const mb = (bytes: number) => bytes / (1024 * 1024);
  return { ms, heapGrowthMb: mb(peakHeap - start.heapUsed), buffersGrowthMb: mb(peakBuffers - start.arrayBuffers), result };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs the log bench and prints the figures side by side. */
export async function runLogBench(print: (line: string) => void): Promise<void> {
  const { server, url } = await startLogServer();
  try {
    print(`\nLog excerpt of a ${LOG_BYTES / (1024 * 1024)} MB log on loopback (${RUNS} runs of the floor and the excerpt in alternating order, ${LINE_RUNS} into lines, each after one unmeasured read; medians; goal: heap growth < 64 MB, time ≤ 1.5× read-and-discard)`);
    for (const format of ['airflow2', 'airflow3'] as const) {
      const client = createAirflowClient(deployment(url, format), {
        credentials: {
          get: async () => (format === 'airflow2' ? { kind: 'basic', username: 'bench', password: 'bench-password' } : { kind: 'bearer', token: 'bench-token' }),
          refresh: async () => (format === 'airflow2' ? { kind: 'basic', username: 'bench', password: 'bench-password' } : { kind: 'bearer', token: 'bench-token' }),
        },
      });
      const path = format === 'airflow2' ? 'api/v1/x' : 'api/v2/x';
      const discard: Measured[] = [];
      const lines: Measured[] = [];
      const excerpt: Measured[] = [];
      let last: LogExcerpt | undefined;
      let bytes = 0;
      for (let run = 0; run < RUNS; run += 1) {
        const readFloor = async () => {
          await readAndDiscard(`${url}${path}`);
          const read = await measure(() => readAndDiscard(`${url}${path}`));
          bytes = read.result;
          discard.push(read);
        };
        const buildExcerpt = async () => {
          await readAndDiscard(`${url}${path}`);
          const built = await measure(() => excerptFromFeed((onLine) => client.readLog(REF, 1, onLine), ['bench-password']));
          last = built.result;
          excerpt.push(built);
        };
        for (const step of run % 2 === 0 ? [readFloor, buildExcerpt] : [buildExcerpt, readFloor]) await step();
      }
      for (let run = 0; run < LINE_RUNS; run += 1) {
        await readAndDiscard(`${url}${path}`);
        lines.push(await measure(() => client.readLog(REF, 1, () => undefined)));
      }
      const floor = median(discard.map((m) => m.ms));
      const split = median(lines.map((m) => m.ms));
      const took = median(excerpt.map((m) => m.ms));
      const range = (runs: Measured[]) => `(${Math.min(...runs.map((m) => m.ms)).toFixed(0)}–${Math.max(...runs.map((m) => m.ms)).toFixed(0)})`;
      const heap = Math.max(...excerpt.map((m) => m.heapGrowthMb));
      const buffers = Math.max(...excerpt.map((m) => m.buffersGrowthMb));
      const format2 = format === 'airflow2' ? 'Airflow 2, text/plain' : 'Airflow 3, NDJSON';
      print(`  ${format2.padEnd(22)} ${(bytes / (1024 * 1024)).toFixed(0)} MB, ${last?.totalLines ?? 0} lines`);
      print(`    read and discard     ${floor.toFixed(0).padStart(6)} ms ${range(discard).padEnd(12)} heap growth ${Math.max(...discard.map((m) => m.heapGrowthMb)).toFixed(1)} MB`);
      print(`    read into lines      ${split.toFixed(0).padStart(6)} ms ${range(lines).padEnd(12)} ratio ${(split / floor).toFixed(2)}×`);
      print(`    build the excerpt    ${took.toFixed(0).padStart(6)} ms ${range(excerpt).padEnd(12)} heap growth ${heap.toFixed(1)} MB (max, buffers ${buffers.toFixed(1)} MB more)   ratio ${(took / floor).toFixed(2)}× (goal ≤ 1.5×)`);
      const shown = last?.sections.map((section) => `${section.title} (${section.lines.length})`).join(', ') ?? '';
      print(`    excerpt sections     ${shown}`);
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
