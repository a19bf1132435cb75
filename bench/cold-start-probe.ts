/**
 * Run in a fresh Node process by the benchmark: loads a bundled handler as Lambda does on a cold
 * start, serves it one event, and prints the timings as one JSON line.
 * argv: <bundle path> <event JSON file>
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createLambdaContext } from '../local/lambda-context';
import { RESULT_MARKER, type ProbeResult } from './probe-result';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

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
