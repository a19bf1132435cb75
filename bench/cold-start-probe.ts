/**
 * Run in a fresh Node process by the benchmark: loads a bundled handler (as Lambda does on a cold
 * start), then serves one signed slash command, and prints the timings as one JSON line.
 * argv: <bundle path> <slash command text>
 */
import { performance } from 'node:perf_hooks';
import { createLambdaContext } from '../src/local/lambda-context';
import { signedSlashCommand } from './signed-slash-command';

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number }>;

async function main(): Promise<void> {
  const [bundle, text] = process.argv.slice(2);
  if (!bundle || text === undefined) throw new Error('usage: cold-start-probe <bundle> <text>');
  const event = signedSlashCommand(text);

  const loadStart = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS bundle, loaded as Lambda loads it
  const { handler } = require(bundle) as { handler: Handler };
  const loadMs = performance.now() - loadStart;

  const firstStart = performance.now();
  const first = await handler(event, createLambdaContext());
  const firstMs = performance.now() - firstStart;

  const warmStart = performance.now();
  await handler(event, createLambdaContext());
  const warmMs = performance.now() - warmStart;

  process.stdout.write(
    `${JSON.stringify({ loadMs, firstMs, warmMs, status: first.statusCode, rssMb: process.memoryUsage().rss / 2 ** 20 })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
