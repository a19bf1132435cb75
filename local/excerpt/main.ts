/** `npm run excerpt -- <file> [--format airflow2|airflow3]`: the excerpt the bot would show for a log file. */
import { runExcerpt } from './run-excerpt';

runExcerpt(process.argv.slice(2), (text) => process.stdout.write(text))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
