import type { LocalStack } from '../../local/local-stack';
import type { GatewayExchange } from '../../local/platform-stand-ins/gateway';
import { runCli, type CliDeps } from '../../local/slack-cli/run-cli';
import { AirflowContract } from '../helpers/airflow-contract';
import { AstroCoreApiContract } from '../platforms/astro-core-api-contract';
import { cliDepsFor, startTestStack } from './local-stack-fixture';

/**
 * Each managed platform through the whole bot, as `npm start` runs it: the real handlers and
 * worker, the platform's stand-in in front of a demo Airflow. Every request the stand-ins forward
 * to Airflow is checked against the official Airflow specs, and every core API call against the
 * core API description written from Astronomer's TaskApi documentation.
 */
describe('managed platforms, end to end', () => {
  let stack: LocalStack;
  let close: () => Promise<void>;
  let directory: string;
  let airflowContract: AirflowContract;
  let coreContract: AstroCoreApiContract;
  const exchanges: { deployment: string; exchange: GatewayExchange }[] = [];
  const printed: string[] = [];
  let deps: CliDeps;

  beforeAll(async () => {
    [airflowContract, coreContract] = await Promise.all([AirflowContract.load(), AstroCoreApiContract.load()]);
    ({ stack, directory, close } = await startTestStack({
      observePlatforms: (deployment, exchange) => exchanges.push({ deployment, exchange }),
    }));
  });

  afterAll(() => close());

  beforeEach(() => {
    printed.length = 0;
    exchanges.length = 0;
    deps = cliDepsFor(stack, directory, printed);
  });

  const settings = { waitSeconds: 15, json: false };
  const command = (text: string) => runCli(deps, { kind: 'command', commandLine: `/airflow ${text}`, ...settings });
  const click = (button: string) => runCli(deps, { kind: 'click', button, ...settings });
  const submit = (text: string) => runCli(deps, { kind: 'submit', text, ...settings });
  const output = () => printed.join('\n');

  /** Contract breaches among the exchanges so far. */
  function contractProblems(): string[] {
    return exchanges.flatMap(({ exchange }) => {
      const { request, status, body } = exchange;
      const isJson = (request.headers['content-type'] ?? '').startsWith('application/json');
      const requestBody = request.text === '' || !isJson ? undefined : (JSON.parse(request.text) as unknown);
      if (request.path.startsWith('/v1alpha1/')) {
        return coreContract.errors({ method: request.method, path: request.path, headers: request.headers, body: requestBody }, status, body);
      }
      if (exchange.via !== 'airflow') return [];
      const wire = {
        method: request.method,
        path: request.path,
        query: Object.fromEntries(request.query.entries()),
        headers: { 'content-type': request.headers['content-type'] },
        body: requestBody,
      };
      return [...airflowRequestErrors(wire), ...(status < 300 ? airflowContract.responseErrors(wire, status, body) : [])];
    });
  }

  /**
   * `update_mask=note` on the wire is a one-item array to Airflow but a string to the spec check:
   * a key reported as "must be array" is checked again as a one-item array.
   */
  function airflowRequestErrors(wire: { method: string; path: string; query: Record<string, string>; headers: Record<string, string | undefined>; body: unknown }): string[] {
    const errors = airflowContract.requestErrors(wire);
    const single = Object.keys(wire.query).filter((key) => errors.some((e) => e.includes(`/query/${key} must be array`)));
    if (single.length === 0) return errors;
    const asArrays = Object.fromEntries(single.map((key) => [key, [wire.query[key] ?? '']]));
    return airflowContract.requestErrors({ ...wire, query: { ...wire.query, ...asArrays } });
  }

  const platforms = [
    { name: 'demo-astro', title: 'Demo Astronomer', airflow: () => stack.platforms!.airflows.astro },
    { name: 'demo-mwaa', title: 'Demo MWAA', airflow: () => stack.platforms!.airflows.mwaa },
    { name: 'demo-composer', title: 'Demo Composer', airflow: () => stack.platforms!.airflows.composer },
  ];

  describe.each(platforms)('$name', ({ name, title, airflow }) => {
    const latestRun = () =>
      airflow()
        .store.runs()
        .filter((r) => r.dagId === 'etl_daily')
        .sort((a, b) => b.runAfter - a.runAfter)[0]!.runId;
    const transform = () => airflow().store.taskInstance('etl_daily', latestRun(), 'transform')!;

    it('shows the card and the failure log', async () => {
      expect(await command(`ti ${name} etl_daily latest transform`)).toBe(0);
      expect(output()).toContain(`== ${title} · transform ==`);
      expect(output()).toContain(':x: *failed*');

      printed.length = 0;
      expect(await click('View logs')).toBe(0);
      expect(output()).toMatch(/Traceback|Error/);
      expect(exchanges.some((e) => e.exchange.via === 'airflow' && /\/logs\//.test(e.exchange.request.path))).toBe(true);
      expect(contractProblems()).toEqual([]);
    });

    it('marks success with a preview that changes nothing, then a confirm that does', async () => {
      airflow().store.reset();
      expect(await command(`ti ${name} etl_daily latest transform`)).toBe(0);
      printed.length = 0;
      expect(await click('Mark success')).toBe(0);
      expect(output()).toContain('*Mark success*: 1 task instance will change.');
      expect(transform().state).toBe('failed');

      expect(await click('Confirm')).toBe(0);
      expect(transform().state).toBe('success');
      expect(transform().note).toMatch(/^🤖 Marked success by @alice from Slack/);
      expect(contractProblems()).toEqual([]);
    });

    it('clears with a preview, then a confirm', async () => {
      airflow().store.reset();
      expect(await command(`ti ${name} etl_daily latest transform`)).toBe(0);
      expect(await click('Clear (retry)')).toBe(0);
      expect(transform().state).toBe('failed');
      expect(await click('Confirm')).toBe(0);
      expect(transform().state).not.toBe('failed');
      expect(contractProblems()).toEqual([]);
    });

    it('writes a note', async () => {
      airflow().store.reset();
      expect(await command(`ti ${name} etl_daily latest transform`)).toBe(0);
      expect(await click('Add note')).toBe(0);
      expect(await submit('Upstream feed was late; rerun at 10:00')).toBe(0);
      expect(transform().note).toContain('Upstream feed was late; rerun at 10:00');
      expect(contractProblems()).toEqual([]);
    });
  });

  it('sends demo-astro marks and clears through the core API, one mutating call per confirm', async () => {
    stack.platforms!.airflows.astro.store.reset();
    const calls = stack.platforms!.astro.coreApiCalls;
    calls.length = 0;
    expect(await command('ti demo-astro etl_daily latest transform')).toBe(0);
    expect(await click('Mark success')).toBe(0);
    expect(calls.map((c) => [c.route, (c.body as { is_dry_run: boolean }).is_dry_run])).toEqual([['update_task_instances_state', true]]);
    expect(await click('Confirm')).toBe(0);
    expect(calls.map((c) => [c.route, (c.body as { is_dry_run: boolean }).is_dry_run])).toEqual([
      ['update_task_instances_state', true],
      ['update_task_instances_state', false],
    ]);
    // Neither marks nor clears reach the Airflow API directly.
    expect(exchanges.filter((e) => e.exchange.via === 'airflow' && /updateTaskInstancesState|clearTaskInstances/.test(e.exchange.request.path))).toEqual([]);
  });
});
