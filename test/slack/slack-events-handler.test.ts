import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { loadAppConfig } from '../../src/config/app-config';
import { parseDeployments } from '../../src/config/parse-deployments';
import { createSecretCache } from '../../src/credentials/secret-cache';
import { BotError } from '../../src/errors';
import type { Handoff } from '../../src/handoff/types';
import { startSlackStandIn, type SlackStandIn } from '../../local/slack-stand-in';
import { createSlackEventsHandler } from '../../src/runtime/slack-events-runtime';
import { encodeAddress } from '../../src/protocol/button-values';
import { ACTION_IDS, NOTE_MODAL_CALLBACK_ID } from '../../src/protocol/interaction-types';
import { createNoteModalMetadataCodec } from '../../src/slack/listeners/note-modal-metadata';
import type { WorkerJob } from '../../src/protocol/job';
import { NOTE_INPUT_ACTION_ID, NOTE_INPUT_BLOCK_ID } from '../../src/views/note-modal';
import { collectingLogger } from '../audit/collecting-logger';
import { MemorySecretSource } from '../credentials/memory-secret-source';
import {
  fakeLambdaContext,
  signedBlockActionsEvent,
  signedSlackRequestEvent,
  signedSlashCommandEvent,
  signedViewSubmissionEvent,
  type SlackRequestTamper,
} from '../helpers/slack-requests';

const SIGNING_SECRET = 'test-signing-secret';
const BOT_TOKEN = 'xoxb-test-bot-token';
const RESPONSE_URL = 'http://127.0.0.1:9/response/abc';
const ADDRESS = { deployment: 'demo', dagId: 'etl_daily', runId: 'scheduled__2026-11-22T00:00:00+00:00', taskId: 'load', mapIndex: -1, tryNumber: 1 };

let standIn: SlackStandIn;
beforeAll(async () => {
  standIn = await startSlackStandIn({ botToken: BOT_TOKEN });
});
afterAll(async () => {
  await standIn.close();
});

function setUp(options: { failHandoff?: boolean } = {}) {
  const jobs: WorkerJob[] = [];
  const handoff: Handoff = {
    dispatch: async (job) => {
      if (options.failHandoff) throw new BotError('unavailable', 'Could not hand the request to the worker');
      jobs.push(job);
    },
  };
  const source = new MemorySecretSource({
    'slack/secret': JSON.stringify({ signing_secret: SIGNING_SECRET, bot_token: BOT_TOKEN }),
  });
  const { logger, lines } = collectingLogger();
  const handler = createSlackEventsHandler({
    config: loadAppConfig({ SLACK_SECRET_ID: 'slack/secret', SLACK_API_URL: standIn.apiUrl, SLACK_RESPONSE_URL_ORIGINS: 'http://127.0.0.1:9' }),
    registry: parseDeployments(
      [{ name: 'demo', apiUrl: 'http://127.0.0.1:9', auth: 'basic', secretId: 'airflow/demo', defaultChannels: ['CDEMO00001'] }],
      'test',
    ),
    secrets: createSecretCache(source),
    handoff,
    logger,
  });
  const call = async (event: APIGatewayProxyEventV2) =>
    (await handler(event, fakeLambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { call, jobs, source, lines };
}

const TAMPERS: SlackRequestTamper[] = ['wrong-signature', 'old-timestamp', 'changed-body', 'missing-signature', 'missing-timestamp'];

describe('POST /slack/events', () => {
  describe.each(TAMPERS)('a request with %s', (tamper) => {
    it.each([
      ['slash command', () => signedSlashCommandEvent({ signingSecret: SIGNING_SECRET, text: 'ti demo etl_daily latest load', responseUrl: RESPONSE_URL, tamper })],
      ['button click', () => signedBlockActionsEvent({ signingSecret: SIGNING_SECRET, actionId: ACTION_IDS.markSuccess, value: encodeAddress(ADDRESS), responseUrl: RESPONSE_URL, tamper })],
      // Add note opens a modal in the Slack-facing function itself: a tampered click must not.
      ['Add note click', () => signedBlockActionsEvent({ signingSecret: SIGNING_SECRET, actionId: ACTION_IDS.addNote, value: encodeAddress(ADDRESS), responseUrl: RESPONSE_URL, tamper })],
      ['modal submission', () => signedViewSubmissionEvent({ signingSecret: SIGNING_SECRET, callbackId: NOTE_MODAL_CALLBACK_ID, privateMetadata: '{}', values: {}, tamper })],
    ])('is refused with 401 and reaches no listener (%s)', async (_kind, build) => {
      const { call, jobs } = setUp();
      const before = standIn.events.length;
      const response = await call(build());
      expect(response.statusCode).toBe(401);
      expect(jobs).toEqual([]);
      expect(standIn.events.slice(before).filter((e) => e.method === 'views.open')).toEqual([]);
    });
  });

  it('refuses an unsigned body that is not even valid JSON with 401, not a crash', async () => {
    const { call, jobs } = setUp();
    const event = signedSlackRequestEvent('payload=%7Bnot-json', { signingSecret: SIGNING_SECRET, tamper: 'missing-signature' });
    expect((await call(event)).statusCode).toBe(401);
    expect(jobs).toEqual([]);
  });

  it('acknowledges a task-instance look-up with a working reply and hands the parsed command to the worker', async () => {
    const { call, jobs } = setUp();
    const response = await call(
      signedSlashCommandEvent({ signingSecret: SIGNING_SECRET, text: 'ti demo etl_daily latest load:3', responseUrl: RESPONSE_URL }),
    );
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body!)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Looking up etl_daily / load') });
    expect(jobs).toEqual([
      {
        kind: 'command',
        command: expect.objectContaining({ name: 'ti', target: { deployment: 'demo', dagId: 'etl_daily', run: { kind: 'latest' }, taskId: 'load', mapIndex: 3 } }),
        slack: expect.objectContaining({ userId: 'ULOCAL0001', channelId: 'CDEMO00001', responseUrl: RESPONSE_URL, isEphemeral: true }),
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
    ]);
  });

  it('answers help and usage errors itself, without the worker', async () => {
    const { call, jobs } = setUp();
    const help = await call(signedSlashCommandEvent({ signingSecret: SIGNING_SECRET, text: 'help', responseUrl: RESPONSE_URL }));
    const usage = await call(signedSlashCommandEvent({ signingSecret: SIGNING_SECRET, text: 'ti demo', responseUrl: RESPONSE_URL }));
    expect(JSON.parse(help.body!).text).toMatch(/\/airflow/);
    expect(JSON.parse(usage.body!).response_type).toBe('ephemeral');
    expect(JSON.parse(usage.body!).text).toMatch(/ti/);
    expect(jobs).toEqual([]);
  });

  it('tells the user when the worker cannot be reached, instead of going silent', async () => {
    const { call } = setUp({ failHandoff: true });
    const response = await call(
      signedSlashCommandEvent({ signingSecret: SIGNING_SECRET, text: 'failed demo', responseUrl: RESPONSE_URL }),
    );
    expect(JSON.parse(response.body!).text).toContain('Could not hand the request to the worker');
  });

  it('fetches the Slack secret once per container, not on every request', async () => {
    const { call, source } = setUp();
    for (let i = 0; i < 3; i += 1) {
      await call(signedSlashCommandEvent({ signingSecret: SIGNING_SECRET, text: 'help', responseUrl: RESPONSE_URL }));
    }
    expect(source.calls).toEqual(['slack/secret']);
  });

  it('answers ssl_check and url_verification', async () => {
    const { call } = setUp();
    const ssl = await call(signedSlackRequestEvent('ssl_check=1&token=x', { signingSecret: SIGNING_SECRET }));
    expect(ssl.statusCode).toBe(200);
    const challenge = await call(
      signedSlackRequestEvent(JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' }), {
        signingSecret: SIGNING_SECRET,
        contentType: 'application/json',
      }),
    );
    expect(JSON.parse(challenge.body!)).toEqual({ challenge: 'c-123' });
  });

  it('hands a button click to the worker with the raw value and where the card is', async () => {
    const { call, jobs } = setUp();
    const value = encodeAddress(ADDRESS);
    const response = await call(
      signedBlockActionsEvent({ signingSecret: SIGNING_SECRET, actionId: ACTION_IDS.clear, value, responseUrl: RESPONSE_URL, message: { ts: '1700000000.000100' } }),
    );
    expect(response.statusCode).toBe(200);
    expect(jobs).toEqual([
      {
        kind: 'button',
        actionId: ACTION_IDS.clear,
        value,
        slack: expect.objectContaining({ messageTs: '1700000000.000100', isEphemeral: false, responseUrl: RESPONSE_URL }),
        requestId: expect.any(String),
      },
    ]);
  });

  it('opens the note modal at once on Add note, before any Airflow call', async () => {
    const { call, jobs } = setUp();
    const before = standIn.events.length;
    await call(
      signedBlockActionsEvent({
        signingSecret: SIGNING_SECRET,
        actionId: ACTION_IDS.addNote,
        value: encodeAddress(ADDRESS),
        responseUrl: RESPONSE_URL,
        triggerId: standIn.newTriggerId(),
      }),
    );
    const opened = standIn.events.slice(before).filter((e) => e.method === 'views.open');
    expect(opened).toHaveLength(1);
    expect(jobs).toEqual([]);
  });

  it('hands a saved note to the worker, and refuses an empty one inside the modal', async () => {
    const { call, jobs } = setUp();
    const privateMetadata = createNoteModalMetadataCodec(SIGNING_SECRET).encode({
      address: ADDRESS,
      card: { channelId: 'CDEMO00001', responseUrl: RESPONSE_URL, isEphemeral: true },
      openedBy: 'ULOCAL0001',
      teamId: 'TLOCAL0001',
    });
    const submit = (value: string) =>
      call(
        signedViewSubmissionEvent({
          signingSecret: SIGNING_SECRET,
          callbackId: NOTE_MODAL_CALLBACK_ID,
          privateMetadata,
          values: { [NOTE_INPUT_BLOCK_ID]: { [NOTE_INPUT_ACTION_ID]: { type: 'plain_text_input', value } } },
        }),
      );

    const empty = await submit('   ');
    expect(JSON.parse(empty.body!)).toEqual({ response_action: 'errors', errors: { [NOTE_INPUT_BLOCK_ID]: 'Write a note first.' } });
    expect(jobs).toEqual([]);

    const saved = await submit('  rerun after the upstream fix  ');
    expect(saved.statusCode).toBe(200);
    expect(jobs).toEqual([
      {
        kind: 'note_submitted',
        address: ADDRESS,
        note: 'rerun after the upstream fix',
        slack: expect.objectContaining({ responseUrl: RESPONSE_URL }),
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
    ]);
  });

  it('acts as the user who submits the note modal, never as a user named in its metadata', async () => {
    const { call, jobs } = setUp();
    // The signed metadata names who opened the form; the user and their name still come from Slack's payload.
    const privateMetadata = createNoteModalMetadataCodec(SIGNING_SECRET).encode({
      address: ADDRESS,
      card: { channelId: 'CDEMO00001', responseUrl: RESPONSE_URL, isEphemeral: true },
      openedBy: 'UREADER001',
      teamId: 'TLOCAL0001',
    });
    await call(
      signedViewSubmissionEvent({
        signingSecret: SIGNING_SECRET,
        callbackId: NOTE_MODAL_CALLBACK_ID,
        privateMetadata,
        userId: 'UREADER001',
        userName: 'mallory',
        values: { [NOTE_INPUT_BLOCK_ID]: { [NOTE_INPUT_ACTION_ID]: { type: 'plain_text_input', value: 'forged' } } },
      }),
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.slack).toMatchObject({ userId: 'UREADER001', userName: 'mallory' });
  });
});
