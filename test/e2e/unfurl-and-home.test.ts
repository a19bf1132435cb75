import { LOCAL_ALERT_SECRET } from '../../local/alerts/local-alert-settings';
import { postSignedEvent } from '../../local/alerts/post-signed-event';
import { runCli } from '../../local/slack-cli/run-cli';
import { cliDepsFor, startTestStack, until } from './local-stack-fixture';

type Stack = Awaited<ReturnType<typeof startTestStack>>;

/** `npm run slack -- --paste` and `--home` against the local stack, as on a fresh `npm start`. */
describe('npm run slack -- --paste and --home', () => {
  let stack: Stack;
  let failed: { dagId: string; runId: string; taskId: string; mapIndex: number };

  beforeAll(async () => {
    stack = await startTestStack();
    const found = stack.stack.airflowV2!.store.taskInstances().find((ti) => ti.state === 'failed' && ti.mapIndex === -1);
    if (found === undefined) throw new Error('the demo has no failed task instance');
    failed = found;
    const event = { event: 'task_instance.failed', deployment: 'demo-v2', dag_id: failed.dagId, run_id: failed.runId, task_id: failed.taskId, map_index: -1 };
    const posted = await postSignedEvent(fetch, stack.stack.alertsUrl, LOCAL_ALERT_SECRET, JSON.stringify(event));
    if (posted.status !== 202) throw new Error(`the alerts endpoint answered ${posted.status}`);
    await until('the alert', () => stack.stack.standIn.messages.find((m) => m.origin === 'chat.postMessage' && JSON.stringify(m.blocks).includes(failed.runId)));
  }, 30_000);
  afterAll(() => stack.close());

  it('prints the card a pasted demo task-instance link unfurls into', async () => {
    const link = `${stack.stack.airflowV2!.url}/dags/${failed.dagId}/runs/${encodeURIComponent(failed.runId)}/tasks/${failed.taskId}`;
    const printed: string[] = [];

    const code = await runCli(cliDepsFor(stack.stack, stack.directory, printed), { kind: 'paste', url: link, waitSeconds: 15, json: false });

    expect(code).toBe(0);
    expect(printed[0]).toBe(`alice in #data-oncall: ${link}`);
    expect(printed[1]).toBe('→ HTTP 200 (acknowledged)');
    const unfurl = printed.slice(2).join('\n');
    expect(unfurl).toContain(`← chat.unfurl: ${link}\n== Demo Airflow 3 · ${failed.taskId} ==`);
    expect(unfurl).toContain('[ Mark success ]');
  }, 30_000);

  it('prints that nothing was unfurled for a link of another host, and nothing reached Slack', async () => {
    const printed: string[] = [];
    const before = stack.stack.standIn.events.length;
    const deps = { ...cliDepsFor(stack.stack, stack.directory, printed) };

    const code = await runCli(deps, { kind: 'paste', url: 'https://airflow.elsewhere.example/dags/etl_daily', waitSeconds: 1, json: false });

    expect(code).toBe(1);
    expect(printed.slice(1)).toEqual([
      '→ HTTP 200 (acknowledged)',
      'No answer within 1 s.',
      'Nothing was unfurled: the bot unfurls only links into the Airflow UI of a deployment it knows, for users who may read it.',
    ]);
    expect(stack.stack.standIn.events.length).toBe(before);
  }, 30_000);

  it("prints the Home tab with the open alert and the user's own last actions", async () => {
    const printed: string[] = [];
    await runCli(cliDepsFor(stack.stack, stack.directory, printed), { kind: 'command', commandLine: `/airflow mark success demo-v2 ${failed.dagId} ${failed.runId} ${failed.taskId}`, waitSeconds: 15, json: false });
    printed.length = 0;

    const code = await runCli(cliDepsFor(stack.stack, stack.directory, printed), { kind: 'home', waitSeconds: 15, json: false });

    expect(code).toBe(0);
    expect(printed[0]).toBe('alice opens the Home tab');
    const home = printed.slice(2).join('\n');
    expect(home).toContain('← views.publish: the Home tab of ULOCAL0001');
    expect(home).toContain('[ Open the command builder ]');
    expect(home).toContain('\n:large_green_circle: *Demo Airflow 3* `demo-v2` · reachable · Airflow 3.1.0\n');
    expect(home).toMatch(new RegExp(`== Open alerts ==\\n:red_circle: \\*Demo Airflow 3\\* \`${failed.dagId}\` / \`${escapeRegExp(failed.runId)}\` · 1 task failing · since .* · #CDEMO00001\\n`));
    expect(home).toMatch(
      new RegExp(`== Your last actions ==\\n:eyes: .* \\*mark_success\\* \`${failed.taskId}\` in \`${failed.dagId}\` / \`${escapeRegExp(failed.runId)}\` \\(demo-v2\\) allowed — previewed\\n`),
    );
  }, 30_000);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
