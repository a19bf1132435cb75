/**
 * `npm run bench`: what a cold start and a warm request of the Slack-facing function cost, on the
 * code as it is bundled for Lambda. Prints figures; asserts nothing.
 *
 * - bundle sizes of the three handlers (esbuild, as serverless-esbuild builds them);
 * - cold start: a fresh Node process loads the slackEvents bundle and serves its first signed
 *   slash command (Slack secret from a local file, the worker invoked through the real Lambda SDK
 *   client against a loopback endpoint); an empty `node -e ""` is the baseline;
 * - warm: acknowledgement latency of signed slash commands, and memory after them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const run = promisify(execFile);

const ROOT = path.resolve(__dirname, '..');
const COLD_RUNS = 10;
const WARM_REQUESTS = 300;

async function main(): Promise<void> {
  const out = mkdtempSync(path.join(tmpdir(), 'airflow-slack-ops-bench-'));
  try {
    const bundles = await bundleHandlers(out);
    const lambda = await startFakeLambdaInvokeEndpoint();
    const env = benchEnvironment(out, lambda.url);

    print('Bundle sizes (esbuild, cjs, node22, minified as deployed)');
    for (const [name, file] of Object.entries(bundles)) print(`  ${name.padEnd(12)} ${(statSync(file).size / 1024).toFixed(0)} KiB`);

    const baseline = await timeProcesses(() => run(process.execPath, ['-e', ''], { env }));
    print(`\nEmpty Node process: median ${baseline.median.toFixed(0)} ms (${COLD_RUNS} runs)`);

    for (const text of ['help', 'ti demo-v2 etl_daily latest transform']) {
      const runs = [];
      for (let i = 0; i < COLD_RUNS; i += 1) {
        // Asynchronous: the loopback Lambda endpoint lives in this process and must keep answering.
        const { stdout } = await run(process.execPath, [bundles.probe, bundles.slackEvents, text], { env, encoding: 'utf8' });
        runs.push(JSON.parse(stdout) as { loadMs: number; firstMs: number; warmMs: number; status: number; rssMb: number });
      }
      print(`\nCold start of slackEvents, "/airflow ${text}" (${COLD_RUNS} fresh processes, medians):`);
      print(`  load the bundle        ${median(runs.map((r) => r.loadMs)).toFixed(1)} ms`);
      print(`  first request (ack)    ${median(runs.map((r) => r.firstMs)).toFixed(1)} ms   (reads the Slack secret, builds the Bolt app)`);
      print(`  second request (ack)   ${median(runs.map((r) => r.warmMs)).toFixed(1)} ms`);
      print(`  RSS after              ${median(runs.map((r) => r.rssMb)).toFixed(0)} MiB   (status ${runs[0]!.status})`);
    }

    await warmLatency(bundles.slackEvents, env);
    print(`\nWorker invocations received by the loopback Lambda endpoint: ${lambda.invocations()}`);
    await new Promise<void>((resolve) => lambda.server.close(() => resolve()));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function bundleHandlers(out: string): Promise<Record<'slackEvents' | 'worker' | 'alerts' | 'probe', string>> {
  const entries = {
    slackEvents: path.join(ROOT, 'handlers/slack-events.ts'),
    worker: path.join(ROOT, 'handlers/worker.ts'),
    alerts: path.join(ROOT, 'handlers/alerts.ts'),
    probe: path.join(ROOT, 'bench/cold-start-probe.ts'),
  };
  const files = {} as Record<keyof typeof entries, string>;
  for (const [name, entry] of Object.entries(entries) as [keyof typeof entries, string][]) {
    const outfile = path.join(out, `${name}.js`);
    // As serverless.yml builds them for Lambda.
    await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', target: 'node22', format: 'cjs', minify: true, keepNames: true, logLevel: 'error' });
    files[name] = outfile;
  }
  return files;
}

/** Answers Lambda's `Invoke` API like AWS does for `InvocationType: Event`: 202, empty body. */
async function startFakeLambdaInvokeEndpoint(): Promise<{ server: Server; url: string; invocations: () => number }> {
  let count = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.method === 'POST' && /\/functions\/[^/]+\/invocations/.test(request.url ?? '')) count += 1;
      response.writeHead(202, { 'x-amzn-requestid': 'bench' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, invocations: () => count };
}

function benchEnvironment(out: string, lambdaUrl: string): NodeJS.ProcessEnv {
  const credentials = path.join(out, 'credentials.json');
  writeFileSync(credentials, JSON.stringify({ 'local/slack': { signing_secret: 'local-signing-secret', bot_token: 'xoxb-local-bot-token' } }));
  return {
    PATH: process.env.PATH,
    LOCAL_CREDENTIALS_FILE: credentials,
    SLACK_SECRET_ID: 'local/slack',
    WORKER_FUNCTION_NAME: 'bench-worker',
    // As deployed: one workspace (the local one) and, for the loopback response URL, its origin.
    SLACK_TEAM_IDS: 'TLOCAL0001',
    SLACK_RESPONSE_URL_ORIGINS: 'http://127.0.0.1:9',
    AWS_ENDPOINT_URL_LAMBDA: lambdaUrl,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    LOG_LEVEL: 'error',
  };
}

async function warmLatency(bundle: string, env: NodeJS.ProcessEnv): Promise<void> {
  Object.assign(process.env, env);
  const { createLambdaContext } = await import('../src/local/lambda-context');
  const { signedSlashCommand } = await import('./signed-slash-command');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS bundle Lambda would load
  const { handler } = require(bundle) as { handler: (e: unknown, c: unknown) => Promise<{ statusCode: number }> };
  for (const text of ['help', 'ti demo-v2 etl_daily latest transform']) {
    const durations: number[] = [];
    for (let i = 0; i < WARM_REQUESTS; i += 1) {
      const event = signedSlashCommand(text);
      const started = performance.now();
      const result = await handler(event, createLambdaContext());
      durations.push(performance.now() - started);
      if (result.statusCode !== 200) throw new Error(`unexpected status ${result.statusCode}`);
    }
    durations.sort((a, b) => a - b);
    print(`\nWarm acknowledgement, "/airflow ${text}" (${WARM_REQUESTS} requests in one process):`);
    print(`  p50 ${percentile(durations, 0.5).toFixed(2)} ms · p95 ${percentile(durations, 0.95).toFixed(2)} ms · max ${durations.at(-1)!.toFixed(2)} ms`);
  }
  print(`  heap used after: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
}

async function timeProcesses(start: () => Promise<unknown>): Promise<{ median: number }> {
  const times: number[] = [];
  for (let i = 0; i < COLD_RUNS; i += 1) {
    const started = performance.now();
    await start();
    times.push(performance.now() - started);
  }
  return { median: median(times) };
}

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 0.5);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
