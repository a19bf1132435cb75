import { runCli } from '../../local/slack-cli/run-cli';
import { cliDepsFor, startTestStack } from './local-stack-fixture';

// Its own file: the handlers are loaded once per module registry, like one Lambda container.
describe('worker failures in the local stack', () => {
  let fixture: Awaited<ReturnType<typeof startTestStack>>;

  beforeAll(async () => {
    fixture = await startTestStack();
  });

  afterAll(() => fixture.close());

  it('reach the user as one clear line through response_url, never a stack trace', async () => {
    const { stack, directory } = fixture;
    const code = await runCli(cliDepsFor(stack, directory, []), {
      kind: 'command',
      commandLine: '/airflow ti demo-v2 no_such_dag latest extract',
      waitSeconds: 10,
      json: false,
    });
    expect(code).toBe(0);
    const reply = stack.standIn.messages.at(-1)!;
    expect(reply.text).toBe(":warning: demo-v2: the runs of DAG no_such_dag not found: DAG with dag_id: 'no_such_dag' not found");
    expect(reply.text).not.toMatch(/\bat \w+ \(|Error:|stack/i);
  });
});
