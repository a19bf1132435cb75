import type { LocalStack } from '../../local/local-stack';
import { runCli, type CliDeps } from '../../local/slack-cli/run-cli';
import { cliDepsFor, startTestStack } from './local-stack-fixture';

/**
 * The whole bot as `npm start` runs it: signed HTTP requests on loopback to the local API Gateway,
 * the real Lambda handlers, the demo Airflows and the Slack stand-in, driven by `npm run slack`.
 */
describe('the local stack, end to end', () => {
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
  const output = () => printed.join('\n');

  it('answers help without any Airflow', async () => {
    expect(await run({ kind: 'command', commandLine: '/airflow help', ...settings })).toBe(0);
    expect(output()).toContain('/airflow ti [<deployment>] <dag_id> <run> <task_id>[:<map_index>]');
    // The examples name a deployment this bot has: the demo's.
    expect(output()).toContain('/airflow ti demo-v2 etl latest load');
    expect(output()).not.toContain('/airflow ti prod ');
  });

  it.each(['demo-v1', 'demo-v2'])('lists the map indexes of a mapped task asked for without one, on %s', async (deployment) => {
    expect(await run({ kind: 'command', commandLine: `/airflow ti ${deployment} ml_training latest train_model`, ...settings })).toBe(0);

    expect(output()).toMatch(/train_model in ml_training \/ \S+ is a mapped task: name one of its map indexes, such as train_model:0\. Its indexes: 0, 1, 2, 3(?!,)/);
    expect(output()).not.toContain('add the map_index value to the URL');
  });

  it('looks up a task instance in the Airflow 2 demo', async () => {
    expect(await run({ kind: 'command', commandLine: '/airflow ti demo-v1 etl_daily latest transform', ...settings })).toBe(0);
    expect(output()).toContain('== Demo Airflow 2 · transform ==');
    expect(output()).toContain(':x: *failed*');
    expect(output()).toContain('[ Mark success ]');
  });

  it('marks a task instance success in the Airflow 3 demo: card, preview, confirm, audit note, card updated in place', async () => {
    const store = stack.airflowV2!.store;
    const runId = store.runs().filter((r) => r.dagId === 'etl_daily').sort((a, b) => b.runAfter - a.runAfter)[0]!.runId;
    const setState = jest.spyOn(store, 'setState');
    const setNote = jest.spyOn(store, 'setNote');
    const mutations = () =>
      setState.mock.calls.filter(([request]) => !request.dryRun).length + setNote.mock.calls.length;

    // The channel's default deployment (demo-v2) is used when the name is left out.
    expect(await run({ kind: 'command', commandLine: '/airflow ti etl_daily latest transform', ...settings })).toBe(0);
    expect(output()).toContain('== Demo Airflow 3 · transform ==');
    const cardMessage = stack.standIn.messages.at(-1)!;

    printed.length = 0;
    expect(await run({ kind: 'click', button: 'Mark success', ...settings })).toBe(0);
    expect(output()).toContain('*Mark success*: 1 task instance will change.');
    expect(output()).toContain('failed → success');
    expect(mutations()).toBe(0);

    printed.length = 0;
    expect(await run({ kind: 'click', button: 'Confirm', ...settings })).toBe(0);
    expect(mutations()).toBe(2); // the state change, then the audit note
    const ti = store.taskInstance('etl_daily', runId, 'transform')!;
    expect(ti.state).toBe('success');
    expect(ti.note).toMatch(/^🤖 Marked success by @alice from Slack \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/);

    // The same message now shows the updated card.
    const updated = stack.standIn.messages.find((m) => m.id === cardMessage.id)!;
    expect(updated.text).toBe('<@ULOCAL0001> marked 1 task instance success.');
    expect(JSON.stringify(updated.blocks)).toContain(':white_check_mark: *success*');
    expect(output()).not.toContain('[ Mark success ]');
  });
});
