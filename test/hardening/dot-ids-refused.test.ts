import { ACTION_IDS } from '../../src/protocol/interaction-types';
import { signedBlockActionsEvent, signedSlashCommandEvent } from '../helpers/slack-requests';
import { startBotHarness, type BotHarness } from './bot-harness';

/** `.`, `..` and percent-encoded forms of them: ids that would leave their segment of an API path. */
const DOT_IDS = ['..', '.', '%2e%2e', '%2E.'];

describe('ids that would leave their path segment', () => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await startBotHarness();
  });
  afterAll(() => bot.close());
  beforeEach(() => {
    bot.airflowRequests.length = 0;
  });

  /** What the user was shown for one request: the acknowledgement and anything posted to its response URL. */
  async function command(text: string): Promise<string> {
    const responseUrl = bot.standIn.newResponseUrl({ channelId: 'CDEMO00001' });
    const response = await bot.send(signedSlashCommandEvent({ signingSecret: bot.signingSecret, text, responseUrl }));
    expect(response.statusCode).toBe(200);
    const posted = bot.standIn.events.filter((e) => e.url === responseUrl).map((e) => JSON.stringify(e.body));
    return [response.body ?? '', ...posted].join('\n');
  }

  const commands = DOT_IDS.flatMap((id) => [
    `ti demo-v2 ${id} latest load`,
    `ti demo-v2 etl_daily ${id} load`,
    `ti demo-v2 etl_daily latest ${id}`,
    `logs demo-v2 etl_daily ${id} load`,
    `mark success demo-v2 etl_daily latest ${id}`,
    `clear demo-v2 ${id} latest load`,
    `note demo-v2 etl_daily ${id} load looked at it`,
    `runs demo-v2 ${id}`,
    `failed demo-v2 ${id}`,
  ]);

  it.each(commands)('refuses `/airflow %s` before any request reaches Airflow', async (text) => {
    const shown = await command(text);
    expect(shown).toMatch(/is not a (DAG id|run|task id)/);
    expect(shown).toContain('name no DAG, run or task');
    expect(bot.airflowRequests).toEqual([]);
  });

  it.each([
    ['an Airflow 2 grid link naming `..` as run and task', (base: string) => `${base}/dags/etl_daily/grid?dag_run_id=..&task_id=..`],
    ['an Airflow 2 grid link naming `%2e%2e` as task', (base: string) => `${base}/dags/etl_daily/grid?dag_run_id=r1&task_id=%252e%252e`],
    ['an Airflow 3 link naming `%2e%2e` as DAG', (base: string) => `${base}/dags/%2e%2e/runs/r1/tasks/load`],
    ['an Airflow 3 link naming `.` as task', (base: string) => `${base}/dags/etl_daily/runs/r1/tasks/%2E`],
  ])('refuses %s before any request reaches Airflow', async (_what, link) => {
    const shown = await command(`ti ${link(bot.airflowProxyUrl)}`);
    expect(shown).toMatch(/does not point to a task instance|No deployment has its Airflow UI/);
    expect(bot.airflowRequests).toEqual([]);
  });

  it.each(
    DOT_IDS.flatMap((id) => [
      ['View logs', ACTION_IDS.viewLogs, { g: id }],
      ['Mark success', ACTION_IDS.markSuccess, { r: id }],
      ['Clear', ACTION_IDS.clear, { t: id }],
      ['Refresh', ACTION_IDS.refresh, { g: id, r: id, t: id }],
    ] as const),
  )('refuses a signed %s button naming a dot id before any request reaches Airflow (%#)', async (_label, actionId, ids) => {
    const responseUrl = bot.standIn.newResponseUrl({ channelId: 'CDEMO00001' });
    const value = JSON.stringify({ v: 1, d: 'demo-v2', g: 'etl_daily', r: 'r1', t: 'load', m: -1, ...ids });
    const response = await bot.send(signedBlockActionsEvent({ signingSecret: bot.signingSecret, actionId, value, responseUrl }));
    expect(response.statusCode).toBe(200);
    const posted = bot.standIn.events.filter((e) => e.url === responseUrl).map((e) => JSON.stringify(e.body));
    expect(posted).toEqual([expect.stringContaining('This button is damaged or out of date.')]);
    expect(bot.airflowRequests).toEqual([]);
  });

  it.each([
    ['View logs', ACTION_IDS.viewLogs, { r: 'manual__\ud800' }],
    ['Mark success', ACTION_IDS.markSuccess, { t: '\udc00' }],
    ['Clear', ACTION_IDS.clear, { g: 'etl_\ud83d' }],
  ] as const)('refuses a signed %s button naming an id with a lone surrogate before any request reaches Airflow', async (_label, actionId, ids) => {
    const responseUrl = bot.standIn.newResponseUrl({ channelId: 'CDEMO00001' });
    const value = JSON.stringify({ v: 1, d: 'demo-v2', g: 'etl_daily', r: 'r1', t: 'load', m: -1, ...ids });
    const response = await bot.send(signedBlockActionsEvent({ signingSecret: bot.signingSecret, actionId, value, responseUrl }));
    expect(response.statusCode).toBe(200);
    const posted = bot.standIn.events.filter((e) => e.url === responseUrl).map((e) => JSON.stringify(e.body));
    expect(posted).toEqual([expect.stringContaining('This button is damaged or out of date.')]);
    expect(bot.airflowRequests).toEqual([]);
  });

  it('still reaches Airflow for an ordinary id, so the proxy counts what it should', async () => {
    await command('ti demo-v2 etl_daily latest transform');
    expect(bot.airflowRequests.length).toBeGreaterThan(0);
  });
});

