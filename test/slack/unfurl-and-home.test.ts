import type { HomeView } from '@slack/types';
import { appHomeOpenedEvent, linkSharedEvent } from '../../local/slack-cli/event-bodies';
import { identityWith } from '../../local/slack-cli/slack-identity';
import type { StandInEvent } from '../../local/slack-stand-in/types';
import { ACTION_IDS, LOOKUP_SHORTCUT_CALLBACK_ID, OPEN_BUILDER_ACTION_ID } from '../../src/protocol/interaction-types';
import { LINK_BUTTON_ACTION_ID } from '../../src/views/links';
import { checkSlackLimits } from '../../src/views/limits';
import { startBotHarness, type BotHarness } from '../hardening/bot-harness';
import { actionIds } from '../helpers/find-button';
import { signedBlockActionsEvent, signedEventCallbackEvent, signedMessageShortcutEvent, signedSlashCommandEvent } from '../helpers/slack-requests';

const ALICE = 'ULOCAL0001'; // may act on demo-v2
const BOB = 'ULOCAL0002'; // may only read
const MUTATIONS = [ACTION_IDS.markSuccess, ACTION_IDS.markFailed, ACTION_IDS.clear, ACTION_IDS.addNote];

interface Posted {
  text: string;
  blocks: unknown[];
  replace_original?: boolean;
  response_type?: string;
}

describe('unfurls, the "Look up in Airflow" shortcut and the App Home, through signed requests to the real handler', () => {
  let bot: BotHarness;
  beforeAll(async () => {
    // Everyone in the demo channel may read demo-v2; elsewhere only Alice and Bob.
    bot = await startBotHarness({}, { deployment: { readers: { users: [ALICE, BOB], userGroups: [], channels: ['CDEMO00001'] } } });
  });
  afterAll(() => bot.close());
  beforeEach(() => {
    bot.airflowRequests.length = 0;
  });

  const eventsSince = (seq: number): StandInEvent[] => bot.standIn.events.filter((event) => event.seq > seq);
  const lastSeq = (): number => bot.standIn.events.at(-1)?.seq ?? 0;

  /** The card `/airflow ti` shows `userId`, and the task instance's link its Open in Airflow button carries. */
  async function typedCard(userId: string): Promise<{ card: Posted; link: string }> {
    const responseUrl = bot.standIn.newResponseUrl({ channelId: 'CDEMO00001' });
    await bot.send(signedSlashCommandEvent({ signingSecret: bot.signingSecret, text: 'ti demo-v2 etl_daily latest transform', responseUrl, userId }));
    const card = bot.standIn.events.filter((event) => event.url === responseUrl).at(-1)!.body as Posted;
    const link = linkOf(card.blocks);
    return { card, link };
  }

  async function paste(urls: string[], userId = ALICE, channelId = 'CDEMO00001'): Promise<StandInEvent[]> {
    const since = lastSeq();
    const now = Date.now();
    const event = linkSharedEvent({ urls, messageTs: `${Math.floor(now / 1000)}.000300`, now, identity: identityWith({ userId, channelId }) });
    const response = await bot.send(signedEventCallbackEvent({ signingSecret: bot.signingSecret, event, userId }));
    expect(response.statusCode).toBe(200);
    return eventsSince(since);
  }

  it('unfurls a pasted task-instance link into the very card `/airflow ti` shows, in one chat.unfurl', async () => {
    const { card, link } = await typedCard(ALICE);
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dags\/etl_daily\/runs\/.+\/tasks\/transform$/);

    const sent = await paste([link]);

    expect(sent.map((event) => event.method)).toEqual(['chat.unfurl']);
    const body = sent[0]!.body as { channel: string; ts: string; unfurls: Record<string, { blocks: unknown[] }> } & Record<string, unknown>;
    expect(body.unfurl_id).toEqual(expect.stringContaining(ALICE));
    expect(body.source).toBe('conversations_history');
    expect(Object.keys(body.unfurls)).toEqual([link]);
    expect(body.unfurls[link]!.blocks).toEqual(card.blocks);
    expect(actionIds(body.unfurls[link]!.blocks)).toEqual(expect.arrayContaining([ACTION_IDS.markSuccess, ACTION_IDS.addNote]));
  });

  it('sends nothing to Airflow or Slack, and hands nothing to the worker, for links of foreign hosts and lookalikes', async () => {
    const base = new URL(bot.airflowProxyUrl);
    const foreign = [
      'https://airflow.evil.example/dags/etl_daily/runs/r1/tasks/transform',
      `http://${base.hostname}:${Number(base.port) + 1}/dags/etl_daily/runs/r1/tasks/transform`,
      `http://localhost:${base.port}/dags/etl_daily/runs/r1/tasks/transform`,
      'https://www.google.com/search?q=airflow',
    ];
    const logLinesBefore = bot.logLines.length;

    const sent = await paste(foreign);

    expect(sent).toEqual([]);
    expect(bot.airflowRequests).toEqual([]);
    expect(bot.logLines.slice(logLinesBefore).filter((line) => line.level !== 'debug')).toEqual([]);
  });

  it('unfurls only the registered link of a message that also holds a foreign one', async () => {
    const { link } = await typedCard(ALICE);
    const sent = await paste(['https://airflow.evil.example/dags/x', link]);
    expect(sent).toHaveLength(1);
    expect(Object.keys((sent[0]!.body as { unfurls: object }).unfurls)).toEqual([link]);
  });

  it("shows a reader's unfurl without the buttons they may not use; the actor's pasted card has them", async () => {
    const { link } = await typedCard(ALICE);
    const sent = await paste([link], BOB);
    const blocks = (sent[0]!.body as { unfurls: Record<string, { blocks: unknown[] }> }).unfurls[link]!.blocks;
    const ids = actionIds(blocks);
    expect(ids).toEqual(expect.arrayContaining([ACTION_IDS.viewLogs, ACTION_IDS.refresh]));
    for (const mutation of MUTATIONS) expect(ids).not.toContain(mutation);
  });

  it('unfurls nothing in a conversation whose members may not all read the deployment, though the user may, and asks Airflow nothing', async () => {
    const { link } = await typedCard(ALICE);
    bot.airflowRequests.length = 0;

    const sent = await paste([link], ALICE, 'COTHER0001');

    expect(sent).toEqual([]);
    expect(bot.airflowRequests).toEqual([]);
  });

  it("unfurls a DAG link and a run link into the DAG's recent runs, as `/airflow runs` shows them", async () => {
    const dagLink = `${bot.airflowProxyUrl}/dags/etl_daily/grid`;
    const { link } = await typedCard(ALICE);
    const runLink = link.replace(/\/tasks\/transform$/, '');
    const responseUrl = bot.standIn.newResponseUrl({ channelId: 'CDEMO00001' });
    await bot.send(signedSlashCommandEvent({ signingSecret: bot.signingSecret, text: 'runs demo-v2 etl_daily', responseUrl }));
    const runs = bot.standIn.events.filter((event) => event.url === responseUrl).at(-1)!.body as Posted;

    const sent = await paste([dagLink, runLink]);

    const unfurls = (sent[0]!.body as { unfurls: Record<string, { blocks: unknown[] }> }).unfurls;
    expect(Object.keys(unfurls)).toEqual([dagLink, runLink]);
    expect(unfurls[dagLink]!.blocks).toEqual(runs.blocks);
    expect(unfurls[runLink]!.blocks).toEqual(runs.blocks);
  });

  it('answers the "Look up in Airflow" shortcut with the card, to the clicker alone, beside the message', async () => {
    const { card, link } = await typedCard(ALICE);
    const responseUrl = bot.standIn.newResponseUrl({ channelId: 'CDEMO00001' });
    const since = lastSeq();

    const response = await bot.send(
      signedMessageShortcutEvent({
        signingSecret: bot.signingSecret,
        callbackId: LOOKUP_SHORTCUT_CALLBACK_ID,
        text: `transform failed again, see <${link}> and <https://example.com/x|this>`,
        responseUrl,
      }),
    );

    expect(response.statusCode).toBe(200);
    const sent = eventsSince(since);
    expect(sent.map((event) => event.url)).toEqual([responseUrl]);
    const posted = sent[0]!.body as Posted;
    expect(posted).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(posted.blocks).toEqual(card.blocks);
  });

  it('tells the clicker when the message holds no link of a known deployment, and asks Airflow nothing', async () => {
    const responseUrl = bot.standIn.newResponseUrl({ channelId: 'CDEMO00001' });
    const since = lastSeq();
    await bot.send(
      signedMessageShortcutEvent({ signingSecret: bot.signingSecret, callbackId: LOOKUP_SHORTCUT_CALLBACK_ID, text: 'see <https://airflow.evil.example/dags/etl_daily>', responseUrl }),
    );
    const sent = eventsSince(since);
    expect(sent.map((event) => event.url)).toEqual([responseUrl]);
    expect((sent[0]!.body as Posted).text).toBe(
      ':warning: This message holds no link into the Airflow UI of a deployment the bot knows. Paste a task instance, run or DAG link from the Airflow UI.',
    );
    expect(bot.airflowRequests).toEqual([]);
  });

  it("publishes the App Home on app_home_opened: the deployment's health, the user's last actions, and only the builder button", async () => {
    // One action of alice's in the trail: a previewed Mark success.
    const responseUrl = bot.standIn.newResponseUrl({ channelId: 'CDEMO00001' });
    await bot.send(signedSlashCommandEvent({ signingSecret: bot.signingSecret, text: 'mark success demo-v2 etl_daily latest transform', responseUrl }));
    const since = lastSeq();

    await bot.send(signedEventCallbackEvent({ signingSecret: bot.signingSecret, event: appHomeOpenedEvent({ now: Date.now() }) }));

    const sent = eventsSince(since);
    expect(sent.map((event) => event.method)).toEqual(['views.publish']);
    const { user_id: userId, view } = sent[0]!.body as { user_id: string; view: HomeView };
    expect(userId).toBe(ALICE);
    expect(checkSlackLimits(view)).toEqual([]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('*Demo Airflow 3* `demo-v2` · reachable · Airflow 3.');
    expect(text).toContain('This bot keeps no alerts.');
    expect(text).toMatch(/\*mark_success\* `transform` in `etl_daily` \/ `[^`]+` \(demo-v2\) allowed/);
    expect(actionIds(view.blocks)).toEqual([OPEN_BUILDER_ACTION_ID]);
  });

  it("shows a reader's Home no button but the builder, and an empty list of actions", async () => {
    const since = lastSeq();
    await bot.send(
      signedEventCallbackEvent({ signingSecret: bot.signingSecret, event: appHomeOpenedEvent({ now: Date.now(), identity: identityWith({ userId: BOB }) }), userId: BOB }),
    );
    const view = (eventsSince(since)[0]!.body as { view: { blocks: unknown[] } }).view;
    expect(actionIds(view.blocks)).toEqual([OPEN_BUILDER_ACTION_ID]);
    expect(JSON.stringify(view.blocks)).toContain('Nothing yet: your looks and changes from Slack are listed here.');
  });

  it("says in a modal that the builder is not available when the Home tab's builder button is clicked in an app without one", async () => {
    const since = lastSeq();
    const response = await bot.send(
      signedBlockActionsEvent({
        signingSecret: bot.signingSecret,
        actionId: OPEN_BUILDER_ACTION_ID,
        value: '',
        blockId: 'home_builder',
        responseUrl: bot.standIn.newResponseUrl(),
        triggerId: bot.standIn.newTriggerId(),
      }),
    );
    expect(response.statusCode).toBe(200);
    const sent = eventsSince(since);
    expect(sent.map((event) => event.method)).toEqual(['views.open']);
    const view = (sent[0]!.body as { view: { title: { text: string }; blocks: unknown[] } }).view;
    expect(view.title.text).toBe('Airflow');
    expect(JSON.stringify(view.blocks)).toContain('The command builder is not available here. Type `/airflow help` in a channel for the commands.');
    expect(bot.airflowRequests).toEqual([]);
  });

  it('publishes nothing when the Messages tab is opened', async () => {
    const since = lastSeq();
    await bot.send(signedEventCallbackEvent({ signingSecret: bot.signingSecret, event: appHomeOpenedEvent({ now: Date.now(), tab: 'messages' }) }));
    expect(eventsSince(since)).toEqual([]);
    expect(bot.airflowRequests).toEqual([]);
  });

  it('refuses an unsigned link_shared event before anything is read or sent', async () => {
    const { link } = await typedCard(ALICE);
    bot.airflowRequests.length = 0;
    const since = lastSeq();
    const now = Date.now();
    const response = await bot.send(
      signedEventCallbackEvent({ signingSecret: bot.signingSecret, tamper: 'wrong-signature', event: linkSharedEvent({ urls: [link], messageTs: '1.2', now }) }),
    );
    expect(response.statusCode).toBe(401);
    expect(eventsSince(since)).toEqual([]);
    expect(bot.airflowRequests).toEqual([]);
  });
});

/** The URL of a card's Open in Airflow button. */
function linkOf(blocks: readonly unknown[]): string {
  for (const block of blocks) {
    for (const element of (block as { elements?: unknown[] }).elements ?? []) {
      const candidate = element as { action_id?: string; url?: string };
      if (candidate.action_id === LINK_BUTTON_ACTION_ID && candidate.url !== undefined && candidate.url.includes('/tasks/')) return candidate.url;
    }
  }
  throw new Error('no Open in Airflow button on the card');
}
