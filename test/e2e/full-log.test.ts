import type { LocalStack } from '../../local/local-stack';
import { runCli, type CliDeps } from '../../local/slack-cli/run-cli';
import { cliDepsFor, startTestStack } from './local-stack-fixture';

/** The Full log button and `logs … --file` through the whole local stack, into the stand-in's files. */
describe('the full log as a file, end to end', () => {
  let stack: LocalStack;
  let close: () => Promise<void>;
  let directory: string;
  const printed: string[] = [];
  let deps: CliDeps;

  beforeAll(async () => {
    ({ stack, directory, close } = await startTestStack());
  });

  afterAll(() => close());

  beforeEach(() => {
    printed.length = 0;
    deps = cliDepsFor(stack, directory, printed);
  });

  const run = (request: Parameters<typeof runCli>[1]) => runCli(deps, request);
  const settings = { waitSeconds: 10, json: false };

  it('uploads the masked log of the try shown when Full log is clicked under the excerpt', async () => {
    expect(await run({ kind: 'command', commandLine: '/airflow logs demo-v1 etl_daily latest transform', ...settings })).toBe(0);
    const excerpt = printed.join('\n');
    expect(excerpt).toContain('[ Full log ]');
    expect(excerpt).toContain('secret.key=***');
    expect(excerpt).not.toContain('DemoS3aSecretKey0042');
    const filesBefore = stack.standIn.files.length;

    printed.length = 0;
    expect(await run({ kind: 'click', button: 'Full log', ...settings })).toBe(0);

    const files = stack.standIn.files.slice(filesBefore);
    expect(files).toHaveLength(1);
    const file = files[0]!;
    expect(file.completed).toBe(true);
    expect(file.channel).toBe('CDEMO00001');
    expect(file.filename).toMatch(/^etl_daily__transform__try-\d+\.log$/);
    const content = file.content!.toString('utf8');
    expect(content).toContain('Submitting spark job transform_orders to yarn with --conf spark.hadoop.fs.s3a.secret.key=***');
    expect(content).not.toContain('DemoS3aSecretKey0042');
    expect(content).toContain('Traceback (most recent call last):');
    expect(content.startsWith('*** Found local files:\n')).toBe(true);
    expect(printed.join('\n')).toContain('files.completeUploadExternal: a file shared in CDEMO00001');
  });

  it('uploads an Airflow 3 log with logs … --file', async () => {
    const filesBefore = stack.standIn.files.length;
    expect(await run({ kind: 'command', commandLine: '/airflow logs demo-v2 etl_daily latest transform --file', ...settings })).toBe(0);

    const files = stack.standIn.files.slice(filesBefore);
    expect(files).toHaveLength(1);
    const content = files[0]!.content!.toString('utf8');
    expect(content).toContain('ERROR Task failed with exception');
    expect(content).toContain('secret.key=***');
    expect(content).not.toContain('DemoS3aSecretKey0042');
    expect(files[0]!.initialComment).toMatch(/^Full log of `transform` \(try \d+\) in `etl_daily` \/ `.+`: \d+ lines, secrets masked\.$/);
  });

  it("shows another try's log with one click on its button under the excerpt", async () => {
    expect(await run({ kind: 'command', commandLine: '/airflow logs demo-v2 etl_daily latest transform', ...settings })).toBe(0);
    expect(printed.join('\n')).toContain('Log of transform · try 2 of 2');
    expect(printed.join('\n')).toContain('[ Try 1 ]');

    printed.length = 0;
    expect(await run({ kind: 'click', button: 'Try 1', ...settings })).toBe(0);
    const answer = printed.join('\n');
    expect(answer).toContain('Log of transform · try 1 of 2');
    expect(answer).toContain('[ Try 2 ]');
  });
});
