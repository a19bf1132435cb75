import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/local-stack';
import { LOCAL_SIGNING_SECRET } from '../../local/local-settings';
import type { CliDeps } from '../../local/slack-cli/run-cli';

/** A local stack on free ports with its files in a temporary folder; `close` removes both. */
export async function startTestStack(options: Partial<LocalStackOptions> = {}): Promise<{
  stack: LocalStack;
  directory: string;
  close(): Promise<void>;
}> {
  const directory = mkdtempSync(path.join(tmpdir(), 'airflow-slack-ops-e2e-'));
  const stack = await startLocalStack({
    ports: { bot: 0, slackStandIn: 0, demoAirflowV1: 0, demoAirflowV2: 0 },
    stateDirectory: directory,
    logLevel: 'silent',
    ...options,
  });
  return {
    stack,
    directory,
    close: async () => {
      await stack.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** What `npm run slack` needs to talk to this stack, printing into `printed`. */
export function cliDepsFor(stack: LocalStack, directory: string, printed: string[]): CliDeps {
  return {
    fetch,
    print: (text) => printed.push(text),
    botUrl: stack.slackEventsUrl,
    standInUrl: stack.standIn.url,
    signingSecret: LOCAL_SIGNING_SECRET,
    stateFile: path.join(directory, 'cli-state.json'),
    clock: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    pollMs: 25,
    quietMs: 300,
  };
}

/** Polls `probe` every 50 ms until it gives a value; fails naming `what` after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
