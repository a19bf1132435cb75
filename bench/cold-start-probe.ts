/**
 * Run in a fresh Node process by the benchmark: loads a bundled handler as Lambda does on a cold
 * start, serves it one event, and prints the timings as one JSON line.
 * argv: <bundle path> <event JSON file>
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createLambdaContext } from '../src/local/lambda-context';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/** Begins the probe's result line, told apart from the log lines of the handler. */
export const RESULT_MARKER = 'cold-start-probe:';

/** What one cold start cost, as printed by the probe. */
export interface ProbeResult {
  requireMs: number;
  firstCallMs: number;
  /** `statusCode` of an HTTP answer; `null` for a handler that returns nothing (the worker). */
  status: number | null;
  /** Peak resident memory of the process, in MiB. */
  peakRssMb: number;
}

async function main(): Promise<void> {
  const [bundle, eventFile] = process.argv.slice(2);
  if (bundle === undefined || eventFile === undefined) throw new Error('usage: cold-start-probe <bundle> <event.json>');
  const event: unknown = JSON.parse(readFileSync(eventFile, 'utf8'));
  const context = createLambdaContext({ timeoutMs: 300_000 });

  const loadStart = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS bundle, loaded as Lambda loads it
  const { handler } = require(bundle) as { handler: Handler };
  const requireMs = performance.now() - loadStart;

  const firstStart = performance.now();
  const answer = await handler(event, context);
  const firstCallMs = performance.now() - firstStart;

  const status = typeof answer === 'object' && answer !== null && 'statusCode' in answer ? Number(answer.statusCode) : null;
  const result: ProbeResult = { requireMs, firstCallMs, status, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
