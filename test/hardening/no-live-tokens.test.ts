import { ACTION_IDS } from '../../src/protocol/interaction-types';
import { signedBlockActionsEvent, signedSlashCommandEvent } from '../helpers/slack-requests';
import { startBotHarness, type BotHarness } from './bot-harness';

/** What a hostile user or an Airflow object could carry into a reply to ping, mention or disguise a link. */
const TOKENS = ['<!channel>', '<!here>', '<@U1>', '<https://x|y>'];

describe('every reply built from user input or Airflow data', () => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await startBotHarness();
  });
  afterAll(() => bot.close());

  /** Everything Slack was given to show for one request: the acknowledgement, response URL posts, and Web API calls. */
  async function shownFor(send: (responseUrl: string) => Parameters<BotHarness['send']>[0]): Promise<string> {
    const before = bot.standIn.events.length;
    const responseUrl = bot.standIn.newResponseUrl({ channelId: 'CDEMO00001' });
    const response = await bot.send(send(responseUrl));
    const later = bot.standIn.events.slice(before).map((event) => JSON.stringify(event.body ?? {}));
    return [response.body ?? '', ...later].join('\n');
  }

  function command(text: string) {
    return shownFor((responseUrl) => signedSlashCommandEvent({ signingSecret: bot.signingSecret, text, responseUrl }));
  }

  const liveTokens = (shown: string) => TOKENS.filter((token) => shown.includes(token));

  it.each(TOKENS.flatMap((token) => [
    [`a usage error (${token})`, `ti ${token}`],
    [`an unknown deployment (${token})`, `ti ${token} etl_daily latest load`],
    [`Airflow's error detail for a run id (${token})`, `ti demo-v2 etl_daily ${token} load`],
    [`a log request for a run id (${token})`, `logs demo-v2 etl_daily ${token} load`],
    [`a mark preview for a run id (${token})`, `mark success demo-v2 etl_daily ${token} transform`],
    [`a failed list for a DAG id (${token})`, `failed demo-v2 ${token}`],
    [`a runs list for a deployment (${token})`, `runs ${token} etl_daily`],
    [`a note and its thread line (${token})`, `note demo-v2 etl_daily latest transform see ${token} now`],
  ]))('shows %s as text, never as a live token', async (_what, text) => {
    const shown = await command(text);
    expect(shown.length).toBeGreaterThan(0);
    expect(liveTokens(shown)).toEqual([]);
  });

  it.each(TOKENS)('shows a button naming %s as its run id as text, never as a live token', async (token) => {
    const value = JSON.stringify({ v: 1, d: 'demo-v2', g: 'etl_daily', r: token, t: 'transform', m: -1 });
    const shown = await shownFor((responseUrl) =>
      signedBlockActionsEvent({ signingSecret: bot.signingSecret, actionId: ACTION_IDS.refresh, value, responseUrl, message: { ts: '1700000000.000100' } }),
    );
    expect(shown).toContain('not found');
    expect(liveTokens(shown)).toEqual([]);
  });

  it('finds the tokens when they are not escaped, so the check can fail', () => {
    expect(liveTokens(`No deployment is named "${TOKENS.join(' ')}"`)).toEqual(TOKENS);
  });
});
