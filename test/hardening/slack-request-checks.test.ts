import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACTION_IDS, NOTE_MODAL_CALLBACK_ID } from '../../src/protocol/interaction-types';
import { encodeAddress } from '../../src/protocol/button-values';
import { createNoteModalMetadataCodec } from '../../src/slack/listeners/note-modal-metadata';
import { NOTE_INPUT_ACTION_ID, NOTE_INPUT_BLOCK_ID } from '../../src/views/note-modal';
import { signedBlockActionsEvent, signedSlashCommandEvent, signedViewSubmissionEvent } from '../helpers/slack-requests';
import { startBotHarness, type BotHarness } from './bot-harness';

const ADDRESS = { deployment: 'demo-v2', dagId: 'etl_daily', runId: 'r1', taskId: 'load', mapIndex: -1 };
const SIX_MINUTES = 6 * 60 * 1000;

/** A host that is not Slack's, recording anything posted to it. */
async function startForeignHost(): Promise<{ url: string; received: string[]; close(): Promise<void> }> {
  const received: string[] = [];
  const server = http.createServer((request, response) => {
    received.push(`${request.method} ${request.url}`);
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Slack request checks, through the deployed handler', () => {
  let bot: BotHarness;
  let foreign: Awaited<ReturnType<typeof startForeignHost>>;
  beforeAll(async () => {
    bot = await startBotHarness();
    foreign = await startForeignHost();
  });
  afterAll(async () => {
    await foreign.close();
    await bot.close();
  });

  /** Sends the event and checks that it was refused with `status` and that nothing went anywhere. */
  async function expectRefusedAndNothingSent(event: Parameters<BotHarness['send']>[0], status: number): Promise<void> {
    const eventsBefore = bot.standIn.events.length;
    const airflowBefore = bot.airflowRequests.length;
    const response = await bot.send(event);
    expect(response.statusCode).toBe(status);
    expect(response.body).toBe('');
    expect(bot.standIn.events.slice(eventsBefore)).toEqual([]);
    expect(bot.airflowRequests.slice(airflowBefore)).toEqual([]);
    expect(foreign.received).toEqual([]);
  }

  const requestKinds = (options: { now?: number; teamId?: string; responseUrl?: () => string }) => [
    [
      'slash command',
      () =>
        signedSlashCommandEvent({
          signingSecret: bot.signingSecret,
          text: 'ti demo-v2 etl_daily latest transform',
          responseUrl: options.responseUrl?.() ?? bot.standIn.newResponseUrl(),
          ...(options.now === undefined ? {} : { now: options.now }),
          ...(options.teamId === undefined ? {} : { teamId: options.teamId }),
        }),
    ],
    [
      'Mark success click',
      () =>
        signedBlockActionsEvent({
          signingSecret: bot.signingSecret,
          actionId: ACTION_IDS.markSuccess,
          value: encodeAddress(ADDRESS),
          responseUrl: options.responseUrl?.() ?? bot.standIn.newResponseUrl(),
          ...(options.now === undefined ? {} : { now: options.now }),
          ...(options.teamId === undefined ? {} : { teamId: options.teamId }),
        }),
    ],
    [
      'Add note click (which would open a modal)',
      () =>
        signedBlockActionsEvent({
          signingSecret: bot.signingSecret,
          actionId: ACTION_IDS.addNote,
          value: encodeAddress(ADDRESS),
          responseUrl: options.responseUrl?.() ?? bot.standIn.newResponseUrl(),
          ...(options.now === undefined ? {} : { now: options.now }),
          ...(options.teamId === undefined ? {} : { teamId: options.teamId }),
        }),
    ],
    [
      'note modal submission',
      () =>
        signedViewSubmissionEvent({
          signingSecret: bot.signingSecret,
          callbackId: NOTE_MODAL_CALLBACK_ID,
          privateMetadata: createNoteModalMetadataCodec(bot.signingSecret).encode({
            address: ADDRESS,
            card: { responseUrl: options.responseUrl?.() ?? bot.standIn.newResponseUrl(), isEphemeral: true },
            openedBy: 'ULOCAL0001',
            teamId: options.teamId ?? 'TLOCAL0001',
          }),
          values: { [NOTE_INPUT_BLOCK_ID]: { [NOTE_INPUT_ACTION_ID]: { type: 'plain_text_input', value: 'looked at it' } } },
          ...(options.now === undefined ? {} : { now: options.now }),
          ...(options.teamId === undefined ? {} : { teamId: options.teamId }),
        }),
    ],
  ] as const;

  it.each(requestKinds({ now: Date.now() + SIX_MINUTES }))('refuses a %s signed six minutes in the future', async (_kind, build) => {
    await expectRefusedAndNothingSent(build(), 401);
  });

  it.each(requestKinds({ teamId: 'TOTHER0001' }))("refuses a %s from another team's workspace", async (_kind, build) => {
    await expectRefusedAndNothingSent(build(), 403);
  });

  it.each(requestKinds({ responseUrl: () => `${foreign.url}/hooks/steal` }).slice(0, 3))(
    'refuses a %s whose response_url is on another host',
    async (_kind, build) => {
      await expectRefusedAndNothingSent(build(), 403);
    },
  );

  it('accepts the same slash command from the served workspace, on time, answering to Slack (the checks can pass)', async () => {
    const responseUrl = bot.standIn.newResponseUrl({ channelId: 'CDEMO00001' });
    const response = await bot.send(
      signedSlashCommandEvent({ signingSecret: bot.signingSecret, text: 'ti demo-v2 etl_daily latest transform', responseUrl }),
    );
    expect(response.statusCode).toBe(200);
    expect(bot.standIn.events.filter((e) => e.url === responseUrl)).toHaveLength(1);
    expect(bot.airflowRequests.length).toBeGreaterThan(0);
  });

  it('logs each refusal with its reason and never the body', async () => {
    const before = bot.logLines.length;
    await bot.send(
      signedSlashCommandEvent({ signingSecret: bot.signingSecret, text: 'ti secret-words', responseUrl: bot.standIn.newResponseUrl(), teamId: 'TOTHER0001' }),
    );
    const lines = bot.logLines.slice(before);
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'Slack request refused', status: 403, reason: 'the request comes from a workspace this bot does not serve' }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-words');
  });
});
