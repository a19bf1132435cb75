/**
 * `npm run bench`: what a cold start of each function costs as deployed, side by side with a bare
 * Bolt app. Prints figures; asserts nothing.
 *
 * - the functions are packaged by `npm run package` (osls and serverless-esbuild, offline) and run
 *   from their zips, with the `NODE_OPTIONS` serverless.yml gives them;
 * - the anchor is `bench/bare-bolt-app.ts` bundled with the same esbuild options (not the project's
 *   plugins), run without `NODE_OPTIONS`;
 * - each cold start is a fresh Node process that `require`s the bundle and serves one event (see
 *   `cold-start-probe.ts`); the Slack-facing function and the anchor take turns, pair by pair;
 * - the functions read their secrets through the real SDK client from a loopback Secrets Manager,
 *   hand work off through a loopback Lambda endpoint, and the worker calls a demo Airflow.
 *
 * `BENCH_RUNS` sets the number of pairs (20 by default). `npm run bench -- logs`, `-- watch` and
 * `-- builder` run one part alone.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { stringify } from 'yaml';
import { createLambdaContext } from '../local/lambda-context';
import { startDemoAirflow } from '../local/demo-airflow/server';
import { LOCAL_SIGNING_SECRET } from '../local/local-settings';
import { parseCommand } from '../src/slack/parse-command';
import type { WorkerJob } from '../src/protocol/job';
import { RESULT_MARKER, type ProbeResult } from './probe-result';
import { FUNCTIONS, readDeploymentSettings, type DeploymentSettings, type FunctionName } from './deployment-settings';
import { moduleWeights } from './module-weights';
import { packageFunctions, type PackagedBundle } from './packaged-bundles';
import { signedSlashCommand } from './signed-slash-command';
import { startLambda, startSecretsManager, startSlack } from './stand-ins';
import { median, medianWithSpread, quantile } from './stats';
import { runLogBench } from './log-excerpt';
import { benchAlertStorm } from './alert-storm';
import { benchWatch } from './watch';
import { benchBuilderOptions } from './builder-options';

const run = promisify(execFile);

const ROOT = path.resolve(__dirname, '..');
const PAIRS = Number(process.env.BENCH_RUNS ?? 20);
const OTHER_RUNS = Math.max(3, Math.round(PAIRS / 4));
const WARM_REQUESTS = 300;
const TOP_MODULES = 8;
const COMMAND_TEXT = 'ti demo-v2 etl_daily latest transform';
const GOALS = { size: 1.0, require: 1.0, loadAndAck: 1.1 };

type Side = 'slackEvents' | 'bareBolt';

async function main(): Promise<void> {
  // `npm run bench -- logs`: only the log excerpt bench; `npm run bench -- watch`: only the watcher's.
  if (process.argv.includes('logs')) return runLogBench(print);
  if (process.argv.includes('watch')) return benchWatch(print);
  if (process.argv.includes('builder')) return benchBuilderOptions(print);
  const settings = readDeploymentSettings(ROOT);
  const out = mkdtempSync(path.join(tmpdir(), 'airflow-slack-ops-bench-'));
  const airflow = await startDemoAirflow({ dialect: 'v2' });
  const secrets = await startSecretsManager({
    'bench/slack': { signing_secret: LOCAL_SIGNING_SECRET, bot_token: 'xoxb-bench' },
    'bench/demo-v2': { username: 'admin', password: 'admin' },
  });
  const lambda = await startLambda();
  const slack = await startSlack();
  try {
    print('Packaging the functions (npm run package)…');
    const packaged = await packageFunctions(ROOT, out, settings);
    const anchor = await buildAnchor(out, settings);
    const probe = await buildProbe(out);
    const registry = [{ name: 'demo-v2', apiUrl: airflow.url, dialect: 'v2', auth: 'password', secretId: 'bench/demo-v2' }];
    const urls = { secrets: secrets.url, lambda: lambda.url, slack: slack.url };
    const envs = Object.fromEntries(FUNCTIONS.map((name) => [name, functionEnvironment(settings, name, packaged[name].file, registry, urls)]));
    const env = (name: FunctionName): NodeJS.ProcessEnv => envs[name]!;

    print('\nBundles (the JavaScript file Lambda loads; zip as uploaded)');
    print(`  ${'bareBolt'.padEnd(12)} ${kib(anchor.bytes)}`);
    for (const name of FUNCTIONS) print(`  ${name.padEnd(12)} ${kib(packaged[name].bytes)}   zip ${kib(packaged[name].zipBytes)}   NODE_OPTIONS ${settings.functions[name].nodeOptions ?? '(none)'}`);

    await printModuleWeights(settings, anchor.metafile);

    const times: Record<Side, ProbeResult[]> = { slackEvents: [], bareBolt: [] };
    const runSide = async (side: Side): Promise<ProbeResult> => {
      const event = eventFile(out, `${side}.json`, signedSlashCommand(COMMAND_TEXT));
      return side === 'bareBolt'
        ? coldStart(probe, anchor.file, event, { PATH: process.env.PATH, SLACK_SIGNING_SECRET: LOCAL_SIGNING_SECRET })
        : coldStart(probe, packaged.slackEvents.file, event, env('slackEvents'));
    };
    await runSide('slackEvents'); // warms the disk cache for both, unrecorded
    await runSide('bareBolt');
    for (let i = 0; i < PAIRS; i += 1) {
      const order: Side[] = i % 2 === 0 ? ['bareBolt', 'slackEvents'] : ['slackEvents', 'bareBolt'];
      for (const side of order) times[side].push(await runSide(side));
    }
    printComparison(times, { slackEvents: packaged.slackEvents.bytes, bareBolt: anchor.bytes });
    await printHelpFirstRequest(probe, out, packaged.slackEvents.file, env('slackEvents'));

    await printOtherFunctions(probe, out, packaged, env, slack.url);
    await printFirstErrorLog(probe, out, packaged.slackEvents.file, env('slackEvents'));
    await warmLatency(packaged.slackEvents.file, env('slackEvents'));
    print(`\nWorker invocations received by the loopback Lambda endpoint: ${lambda.requests()}`);
    await benchAlertStorm(print);
    await benchWatch(print);
    await benchBuilderOptions(print);
  } finally {
    await Promise.all([airflow.close(), secrets.close(), lambda.close(), slack.close()]);
    rmSync(out, { recursive: true, force: true });
  }
}

async function buildAnchor(out: string, settings: DeploymentSettings): Promise<{ file: string; bytes: number; metafile: Metafile }> {
  const file = path.join(out, 'bare-bolt', 'bare-bolt.js');
  const result = await build({ ...settings.esbuild, entryPoints: [path.join(ROOT, 'bench/bare-bolt-app.ts')], outfile: file, metafile: true, logLevel: 'error' });
  return { file, bytes: statSync(file).size, metafile: result.metafile };
}

async function buildProbe(out: string): Promise<string> {
  const file = path.join(out, 'probe.js');
  await build({ entryPoints: [path.join(ROOT, 'bench/cold-start-probe.ts')], outfile: file, bundle: true, platform: 'node', target: 'node22', format: 'cjs', logLevel: 'error' });
  return file;
}

/**
 * The environment of a function as deployed: its `NODE_OPTIONS` and registry file from
 * serverless.yml (the registry rewritten to point at the demo Airflow), its endpoints on loopback.
 */
function functionEnvironment(
  settings: DeploymentSettings,
  name: FunctionName,
  bundle: string,
  registry: unknown[],
  urls: { secrets: string; lambda: string; slack: string },
): NodeJS.ProcessEnv {
  const taskRoot = path.dirname(path.dirname(bundle));
  const registryFile = path.join(taskRoot, settings.functions[name].deploymentsFile ?? 'deployments.yaml');
  writeFileSync(registryFile, registryFile.endsWith('.json') ? JSON.stringify({ deployments: registry }) : stringify({ deployments: registry }));
  const nodeOptions = settings.functions[name].nodeOptions;
  return {
    PATH: process.env.PATH,
    ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }),
    // As deployed: one workspace (the local one) and, for the loopback response URL, its origin.
    SLACK_TEAM_IDS: 'TLOCAL0001',
    SLACK_RESPONSE_URL_ORIGINS: 'http://127.0.0.1:9',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_SESSION_TOKEN: 'bench',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: urls.secrets,
    AWS_ENDPOINT_URL_LAMBDA: urls.lambda,
    SLACK_SECRET_ID: 'bench/slack',
    SLACK_API_URL: `${urls.slack}/api/`,
    WORKER_FUNCTION_NAME: 'bench-worker',
    // serverless.yml gives every function the alert table; the alerts function refuses to load without it.
    ALERT_TABLE: 'bench-alerts',
    ALERT_WORKER_FUNCTION_NAME: 'bench-alert-worker',
    DEPLOYMENTS_FILE: registryFile,
    LOG_LEVEL: 'error',
  };
}

function eventFile(out: string, name: string, event: unknown): string {
  const file = path.join(out, 'events', name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(event));
  return file;
}

async function coldStart(probe: string, bundle: string, event: string, env: NodeJS.ProcessEnv): Promise<ProbeResult> {
  const { stdout } = await run(process.execPath, [probe, bundle, event], { env, encoding: 'utf8', cwd: path.dirname(path.dirname(bundle)) });
  return probeResult(stdout);
}

function probeResult(stdout: string): ProbeResult {
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  if (line === undefined) throw new Error(`the probe printed no result:\n${stdout}`);
  return JSON.parse(line.slice(RESULT_MARKER.length)) as ProbeResult;
}

async function printModuleWeights(settings: DeploymentSettings, anchor: Metafile): Promise<void> {
  const entries: Record<FunctionName, string> = { slackEvents: 'handlers/slack-events.ts', worker: 'handlers/worker.ts', alerts: 'handlers/alerts.ts' };
  const metafiles: [string, Metafile][] = [['bareBolt', anchor]];
  for (const name of FUNCTIONS) {
    const result = await build({ ...settings.esbuild, plugins: settings.plugins, entryPoints: [path.join(ROOT, entries[name])], outdir: path.join(tmpdir(), 'unused'), write: false, metafile: true, logLevel: 'error' });
    metafiles.push([name, result.metafile]);
  }
  print(`\nBiggest modules of each bundle (KiB in the minified bundle, esbuild metafile)`);
  const columns = metafiles.map(([name, metafile]) => [name, ...moduleWeights(metafile).slice(0, TOP_MODULES).map((w) => `${w.module} ${(w.bytes / 1024).toFixed(0)}`)]);
  for (let row = 0; row <= TOP_MODULES; row += 1) print(`  ${columns.map((column) => (column[row] ?? '').padEnd(34)).join('')}`);
}

function printComparison(times: Record<Side, ProbeResult[]>, bytes: Record<Side, number>): void {
  const load = (r: ProbeResult) => r.requireMs;
  const total = (r: ProbeResult) => r.requireMs + r.firstCallMs;
  const statuses = (side: Side) => [...new Set(times[side].map((r) => r.status))].join(',');
  print(`\nCold start, slackEvents against bare Bolt, "/airflow ${COMMAND_TEXT}" (${PAIRS} paired fresh processes)`);
  const rows: [string, (side: Side) => string][] = [
    ['bundle', (side) => kib(bytes[side])],
    ['require', (side) => medianWithSpread(times[side].map(load), 'ms')],
    ['first request (ack)', (side) => medianWithSpread(times[side].map((r) => r.firstCallMs), 'ms')],
    ['load + first ack', (side) => medianWithSpread(times[side].map(total), 'ms')],
    ['peak RSS', (side) => medianWithSpread(times[side].map((r) => r.peakRssMb), 'MiB')],
    ['HTTP status', statuses],
  ];
  print(`  ${''.padEnd(22)}${'slackEvents'.padEnd(34)}bareBolt`);
  for (const [label, cell] of rows) print(`  ${label.padEnd(22)}${cell('slackEvents').padEnd(34)}${cell('bareBolt')}`);

  const ratio = (f: (r: ProbeResult) => number) => median(times.slackEvents.map(f)) / median(times.bareBolt.map(f));
  const pairedRatio = (f: (r: ProbeResult) => number) => median(times.slackEvents.map((r, i) => f(r) / f(times.bareBolt[i]!)));
  print('\n  Ratios slackEvents / bareBolt (ratio of medians; median of paired ratios)   goal');
  print(`  bundle size           ${(bytes.slackEvents / bytes.bareBolt).toFixed(2)}×${''.padEnd(39)}≤ ${GOALS.size.toFixed(1)}×`);
  print(`  require               ${ratio(load).toFixed(2)}×; ${pairedRatio(load).toFixed(2)}×${''.padEnd(33)}≤ ${GOALS.require.toFixed(1)}×`);
  print(`  load + first ack      ${ratio(total).toFixed(2)}×; ${pairedRatio(total).toFixed(2)}×${''.padEnd(33)}≤ ${GOALS.loadAndAck.toFixed(1)}×`);
  print(`  peak RSS              ${ratio((r) => r.peakRssMb).toFixed(2)}×`);
}

async function printOtherFunctions(
  probe: string,
  out: string,
  packaged: Record<FunctionName, PackagedBundle>,
  env: (name: FunctionName) => NodeJS.ProcessEnv,
  slackUrl: string,
): Promise<void> {
  const parsed = parseCommand(COMMAND_TEXT, { deployments: ['demo-v2'], uiLinks: [] });
  if (parsed.name !== 'ti') throw new Error(`"${COMMAND_TEXT}" no longer parses as a ti command`);
  const job: WorkerJob = {
    kind: 'command',
    command: parsed,
    slack: { userId: 'UBENCH0001', userName: 'bench', channelId: 'CBENCH0001', responseUrl: `${slackUrl}/response`, isEphemeral: true },
  };
  const events: Record<Exclude<FunctionName, 'slackEvents'>, unknown> = {
    worker: JSON.parse(JSON.stringify(job)),
    alerts: { version: '2.0', rawPath: '/alerts', requestContext: { http: { method: 'POST' } }, headers: { 'content-type': 'application/json' }, body: '{}', isBase64Encoded: false },
  };
  print(`\nOther functions (${OTHER_RUNS} fresh processes each)`);
  for (const name of ['worker', 'alerts'] as const) {
    const results: ProbeResult[] = [];
    for (let i = 0; i < OTHER_RUNS; i += 1) {
      results.push(await coldStart(probe, packaged[name].file, eventFile(out, `${name}.json`, events[name]), env(name)));
    }
    print(
      `  ${name.padEnd(8)} require ${medianWithSpread(results.map((r) => r.requireMs), 'ms')}; first call ${medianWithSpread(results.map((r) => r.firstCallMs), 'ms')}; peak RSS ${median(results.map((r) => r.peakRssMb)).toFixed(0)} MiB`,
    );
  }
}

/**
 * The first request without the handoff (`/airflow help`: the Slack secret read, the Bolt app built,
 * the answer), to tell the cost of reading the secret from the cost of invoking the worker.
 */
async function printHelpFirstRequest(probe: string, out: string, bundle: string, env: NodeJS.ProcessEnv): Promise<void> {
  const results: ProbeResult[] = [];
  for (let i = 0; i < OTHER_RUNS; i += 1) results.push(await coldStart(probe, bundle, eventFile(out, 'help.json', signedSlashCommand('help')), env));
  print(`
  slackEvents, "/airflow help" (no handoff; ${OTHER_RUNS} fresh processes): require ${medianWithSpread(results.map((r) => r.requireMs), 'ms')}; first request ${medianWithSpread(results.map((r) => r.firstCallMs), 'ms')}`);
}

/** What the first error logged costs, now that stack traces are mapped only when one is logged. */
async function printFirstErrorLog(probe: string, out: string, bundle: string, env: NodeJS.ProcessEnv): Promise<void> {
  const results: ProbeResult[] = [];
  let sample = '';
  for (let i = 0; i < OTHER_RUNS; i += 1) {
    const event = eventFile(out, 'error.json', signedSlashCommand(COMMAND_TEXT));
    const { stdout } = await run(process.execPath, [probe, bundle, event], { env: { ...env, SLACK_SECRET_ID: 'bench/missing' }, encoding: 'utf8' });
    results.push(probeResult(stdout));
    sample = /at \S+ \(([^)]*)\)/.exec(stdout)?.[1] ?? '(no stack frame logged)';
  }
  print(`\nFirst request that logs an error (the Slack secret missing; ${OTHER_RUNS} fresh processes)`);
  print(`  first call ${medianWithSpread(results.map((r) => r.firstCallMs), 'ms')}, status ${results[0]!.status}; top frame logged: ${sample}`);
}

async function warmLatency(bundle: string, env: NodeJS.ProcessEnv): Promise<void> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  delete process.env.NODE_OPTIONS;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS bundle Lambda would load
    const { handler } = require(bundle) as { handler: (e: unknown, c: unknown) => Promise<{ statusCode: number }> };
    for (const text of ['help', COMMAND_TEXT]) {
      const durations: number[] = [];
      for (let i = 0; i < WARM_REQUESTS; i += 1) {
        const event = signedSlashCommand(text);
        const started = performance.now();
        const result = await handler(event, createLambdaContext());
        durations.push(performance.now() - started);
        if (result.statusCode !== 200) throw new Error(`unexpected status ${result.statusCode}`);
      }
      print(`\nWarm acknowledgement, "/airflow ${text}" (${WARM_REQUESTS} requests in one process)`);
      print(`  p50 ${quantile(durations, 0.5).toFixed(2)} ms · p95 ${quantile(durations, 0.95).toFixed(2)} ms · max ${Math.max(...durations).toFixed(2)} ms`);
    }
  } finally {
    process.env = saved;
  }
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

main()
  .then(() => (['logs', 'watch', 'builder'].some((part) => process.argv.includes(part)) ? undefined : runLogBench(print)))
  .catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
