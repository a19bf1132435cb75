import type { LocalStack } from '../../local/local-stack';
import { runCli, type CliDeps } from '../../local/slack-cli/run-cli';
import { cliDepsFor, startTestStack } from './local-stack-fixture';

/**
 * The command builder as `npm start` runs it, driven by `npm run slack`: the modal, the typeahead,
 * and a submission that answers exactly what the typed command answers.
 */
describe('the command builder, end to end', () => {
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
  /** What the bot posted to response URLs since `seq`: the answers the user sees. */
  const answersAfter = (seq: number) =>
    stack.standIn.events
      .filter((e) => e.seq > seq && e.kind === 'response_url')
      .map((e) => e.body as { text?: string; blocks?: unknown[] });
  const lastSeq = () => stack.standIn.events.at(-1)?.seq ?? 0;

  async function pick(dag: string, runWord: string, task: string, action: string): Promise<void> {
    expect(await run({ kind: 'command', commandLine: '/airflow', ...settings, waitSeconds: 2 })).toBe(0);
    expect(await run({ kind: 'select', field: 'DAG', option: dag, ...settings })).toBe(0);
    expect(await run({ kind: 'select', field: 'Run', option: runWord, ...settings })).toBe(0);
    expect(await run({ kind: 'select', field: 'Task', option: task, ...settings })).toBe(0);
    expect(await run({ kind: 'select', field: 'What to do', option: action, ...settings })).toBe(0);
  }

  it('lists etl_daily within 3 seconds of typing "etl" on a fresh stack', async () => {
    expect(await run({ kind: 'command', commandLine: '/airflow', ...settings, waitSeconds: 2 })).toBe(0);
    expect(output()).toContain('← views.open');
    expect(output()).toContain('DAG: [ Type part of a DAG id ▾ ]');
    printed.length = 0;
    const started = Date.now();

    expect(await run({ kind: 'suggest', field: 'DAG', typed: 'etl', ...settings })).toBe(0);

    expect(Date.now() - started).toBeLessThan(3_000);
    expect(output()).toMatch(/^alice types "etl" into DAG\n→ 1 option in \d+ ms\n {2}1\. etl_daily$/);
  });

  it('gives the same card as the typed command', async () => {
    const typedFrom = lastSeq();
    expect(await run({ kind: 'command', commandLine: '/airflow ti demo-v2 etl_daily latest transform', ...settings })).toBe(0);
    const typed = answersAfter(typedFrom);

    await pick('etl_daily', 'latest', 'transform', 'Show the card');
    const builtFrom = lastSeq();
    printed.length = 0;
    expect(await run({ kind: 'submit', text: '', ...settings })).toBe(0);
    const built = answersAfter(builtFrom);

    expect(output()).toContain('== Demo Airflow 3 · transform ==');
    expect(typed).toHaveLength(1);
    expect(built).toEqual(typed);
  });

  it('gives the same log excerpt as the typed command', async () => {
    const typedFrom = lastSeq();
    expect(await run({ kind: 'command', commandLine: '/airflow logs demo-v2 etl_daily latest transform', ...settings })).toBe(0);
    const typed = answersAfter(typedFrom);

    await pick('etl_daily', 'latest', 'transform', 'Show the log excerpt');
    const builtFrom = lastSeq();
    expect(await run({ kind: 'submit', text: '', ...settings })).toBe(0);

    expect(typed.length).toBeGreaterThan(0);
    expect(answersAfter(builtFrom)).toEqual(typed);
  });

  it('previews Mark success as the typed command does, changing nothing until confirmed', async () => {
    const store = stack.airflowV2!.store;
    const setState = jest.spyOn(store, 'setState');
    await pick('etl_daily', 'latest', 'transform', 'Mark success (preview first)');
    printed.length = 0;

    expect(await run({ kind: 'submit', text: '', ...settings })).toBe(0);

    expect(output()).toContain('[ Confirm ]');
    expect(setState.mock.calls.every(([request]) => request.dryRun)).toBe(true);
    setState.mockRestore();
  });

  it('adds a note as the typed note command does: one line signed with the user’s name', async () => {
    const store = stack.airflowV2!.store;
    const runId = store.runs().filter((r) => r.dagId === 'etl_daily').sort((a, b) => b.runAfter - a.runAfter)[0]!.runId;
    await pick('etl_daily', 'latest', 'load', 'Add a note');
    printed.length = 0;

    expect(await run({ kind: 'submit', text: 'Re-ran after the vendor fixed the feed', ...settings })).toBe(0);

    expect(store.taskInstance('etl_daily', runId, 'load')?.note).toMatch(/Re-ran after the vendor fixed the feed/);
    expect(store.taskInstance('etl_daily', runId, 'load')?.note).toMatch(/alice/);
  });

  it('names the options when the one to select is not among them, and remembers nothing', async () => {
    expect(await run({ kind: 'command', commandLine: '/airflow', ...settings, waitSeconds: 2 })).toBe(0);
    printed.length = 0;

    expect(await run({ kind: 'select', field: 'What to do', option: 'Dance', ...settings })).toBe(2);

    expect(output()).toBe(
      'No option "Dance" in What to do. Options: "Show the card", "Show the log excerpt", "Mark success (preview first)", "Mark failed (preview first)", "Clear (preview first)", "Add a note"',
    );
  });

  it('says which menus exist when asked for one the modal does not have, and sends nothing', async () => {
    expect(await run({ kind: 'command', commandLine: '/airflow', ...settings, waitSeconds: 2 })).toBe(0);
    printed.length = 0;
    const before = lastSeq();

    expect(await run({ kind: 'suggest', field: 'Colour', typed: 'x', ...settings })).toBe(2);

    expect(output()).toBe('The modal has no menu "Colour". Its menus: "Deployment", "DAG", "Run", "Task", "What to do".');
    expect(lastSeq()).toBe(before);
  });
});
