import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../../src/clock';
import { LOCAL_SIGNING_SECRET, localPorts, localUrls, SLACK_CLI_STATE_FILE } from '../local-settings';
import { CLI_HELP } from './help-text';
import { CliUsageError, parseCliArgs } from './parse-args';
import { EXIT, runCli } from './run-cli';

/** `npm run slack -- …`: reads the arguments and the local settings, then runs the request. */
async function main(): Promise<number> {
  let request;
  try {
    request = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${CLI_HELP}\n`);
    return EXIT.usage;
  }
  const urls = localUrls(localPorts(process.env));
  return runCli(
    {
      fetch,
      print: (text) => process.stdout.write(`${text}\n`),
      botUrl: urls.slackEvents,
      standInUrl: urls.slackStandIn,
      signingSecret: LOCAL_SIGNING_SECRET,
      stateFile: resolve(SLACK_CLI_STATE_FILE),
      clock: systemClock,
      sleep: (ms) => sleep(ms),
    },
    request,
  );
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT.noAnswer;
  },
);
