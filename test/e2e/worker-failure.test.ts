import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalStack, type LocalStack } from '../../src/local/local-stack';
import { LOCAL_SIGNING_SECRET } from '../../src/local/local-settings';
import { runCli } from '../../src/local/slack-cli/run-cli';


// Its own file: the handlers are loaded once per module registry, like one Lambda container.
describe('worker failures in the local stack', () => {
  let stack: LocalStack;
  let directory: string;

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'airflow-slack-ops-e2e-'));
    stack = await startLocalStack({
      ports: { bot: 0, slackStandIn: 0, demoAirflowV1: 0, demoAirflowV2: 0 },
      stateDirectory: directory,
      logLevel: 'silent',
    });
  });

  afterAll(async () => {
    await stack.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('reach the user as one clear line through response_url, never a stack trace', async () => {
    const printed: string[] = [];
    const code = await runCli(
      {
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
      },
      { kind: 'command', commandLine: '/airflow ti demo-v2 no_such_dag latest extract', waitSeconds: 10, json: false },
    );
    expect(code).toBe(0);
    const reply = stack.standIn.messages.at(-1)!;
    expect(reply.text).toBe(":warning: demo-v2: the runs of DAG no_such_dag not found: DAG with dag_id: 'no_such_dag' not found");
    expect(reply.text).not.toMatch(/\bat \w+ \(|Error:|stack/i);
  });
});
