import { z } from 'zod';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { loadAppConfig } from '../../src/config/app-config';
import { parseDeployments } from '../../src/config/parse-deployments';
import { createSecretCache } from '../../src/credentials/secret-cache';
import type { Handoff } from '../../src/handoff/types';
import { startSlackStandIn, type SlackStandIn } from '../../local/slack-stand-in';
import { encodeAddress } from '../../src/protocol/button-values';
import { ACTION_IDS, NOTE_MODAL_CALLBACK_ID } from '../../src/protocol/interaction-types';
import type { WorkerJob } from '../../src/protocol/job';
import { createSlackEventsHandler } from '../../src/runtime/slack-events-runtime';
import { createSignedMetadataCodec } from '../../src/protocol/signed-metadata';
import { createNoteModalMetadataCodec, NOTE_MODAL_MAX_AGE_MS, type NoteModalMetadataInput } from '../../src/slack/listeners/note-modal-metadata';
import { NOTE_INPUT_ACTION_ID, NOTE_INPUT_BLOCK_ID } from '../../src/views/note-modal';
import { collectingLogger } from '../audit/collecting-logger';
import { MemorySecretSource } from '../credentials/memory-secret-source';
import { fakeLambdaContext, signedBlockActionsEvent, signedViewSubmissionEvent } from '../helpers/slack-requests';

const SIGNING_SECRET = 'test-signing-secret';
const BOT_TOKEN = 'xoxb-test-bot-token';
const RESPONSE_URL = 'http://127.0.0.1:9/response/abc';
const ADDRESS = { deployment: 'demo', dagId: 'etl_daily', runId: 'scheduled__2026-11-22T00:00:00+00:00', taskId: 'load', mapIndex: -1, tryNumber: 1 };
const OPENER = 'ULOCAL0001';
const TEAM = 'TLOCAL0001';

const metadata: NoteModalMetadataInput = {
  address: ADDRESS,
  card: { channelId: 'CDEMO00001', responseUrl: RESPONSE_URL, isEphemeral: true },
  openedBy: OPENER,
  teamId: TEAM,
};

let standIn: SlackStandIn;
beforeAll(async () => {
  standIn = await startSlackStandIn({ botToken: BOT_TOKEN });
});
afterAll(() => standIn.close());

function setUp() {
  const jobs: WorkerJob[] = [];
  const handoff: Handoff = { dispatch: async (job) => void jobs.push(job) };
  const { logger, lines } = collectingLogger();
  const handler = createSlackEventsHandler({
    config: loadAppConfig({ SLACK_SECRET_ID: 'slack/secret', SLACK_API_URL: standIn.apiUrl, SLACK_RESPONSE_URL_ORIGINS: 'http://127.0.0.1:9' }),
    registry: parseDeployments([{ name: 'demo', apiUrl: 'http://127.0.0.1:9', auth: 'basic', secretId: 'airflow/demo' }], 'test'),
    secrets: createSecretCache(new MemorySecretSource({ 'slack/secret': JSON.stringify({ signing_secret: SIGNING_SECRET, bot_token: BOT_TOKEN }) })),
    handoff,
    logger,
  });
  const call = async (event: APIGatewayProxyEventV2) =>
    (await handler(event, fakeLambdaContext())) as APIGatewayProxyStructuredResultV2;
  const submit = (privateMetadata: string, sender: { userId?: string; teamId?: string } = {}) =>
    call(
      signedViewSubmissionEvent({
        signingSecret: SIGNING_SECRET,
        callbackId: NOTE_MODAL_CALLBACK_ID,
        privateMetadata,
        values: { [NOTE_INPUT_BLOCK_ID]: { [NOTE_INPUT_ACTION_ID]: { type: 'plain_text_input', value: 'rerun after the fix' } } },
        ...sender,
      }),
    );
  return { call, submit, jobs, lines };
}

function signedBy(secret: string, value: NoteModalMetadataInput = metadata, issuedAt = Date.now()): string {
  return createNoteModalMetadataCodec(secret, () => issuedAt).encode(value);
}

describe('the note modal metadata', () => {
  it('is signed when the modal opens, and carries where the click came from', async () => {
    const { call } = setUp();
    const before = standIn.events.length;
    await call(signedBlockActionsEvent({ signingSecret: SIGNING_SECRET, actionId: ACTION_IDS.addNote, value: encodeAddress(ADDRESS), responseUrl: RESPONSE_URL, triggerId: standIn.newTriggerId() }));
    const opened = standIn.events.slice(before).find((event) => event.method === 'views.open');
    const sent = (opened?.body as { view: { private_metadata: string } | string }).view;
    const view = typeof sent === 'string' ? (JSON.parse(sent) as { private_metadata: string }) : sent;
    expect(view.private_metadata).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(createNoteModalMetadataCodec(SIGNING_SECRET).decode(view.private_metadata)).toEqual({
      address: ADDRESS,
      card: { channelId: 'CDEMO00001', responseUrl: RESPONSE_URL, messageTs: expect.any(String) as string, isEphemeral: true, fromList: false },
      openedBy: OPENER,
      teamId: TEAM,
      issuedAt: expect.any(Number) as number,
    });
  });

  it('hands a submission with the bot’s own metadata to the worker: the user from the submission, the card from the metadata', async () => {
    const { submit, jobs } = setUp();
    expect((await submit(signedBy(SIGNING_SECRET))).statusCode).toBe(200);
    expect(jobs).toEqual([
      {
        kind: 'note_submitted',
        address: ADDRESS,
        note: 'rerun after the fix',
        slack: { ...metadata.card, userId: OPENER, userName: expect.any(String) as string, teamId: TEAM },
        requestId: expect.any(String) as string,
      },
    ]);
  });

  it.each([
    ['unsigned JSON, as older modals carried', () => JSON.stringify({ address: ADDRESS, slack: { userId: OPENER, isEphemeral: true } })],
    ['metadata signed with another key', () => signedBy('another-secret')],
    ['signed metadata with another task swapped in', () => {
      const [, signature] = signedBy(SIGNING_SECRET).split('.');
      const payload = Buffer.from(JSON.stringify({ ...metadata, address: { ...ADDRESS, taskId: 'extract' } })).toString('base64url');
      return `${payload}.${signature}`;
    }],
    ['signed metadata with another channel swapped in', () => {
      const [, signature] = signedBy(SIGNING_SECRET).split('.');
      const payload = Buffer.from(JSON.stringify({ ...metadata, card: { ...metadata.card, channelId: 'CPRIVATE01' } })).toString('base64url');
      return `${payload}.${signature}`;
    }],
    ['an empty string', () => ''],
  ])('refuses %s inside the modal, hands nothing to the worker, and logs the refusal', async (_label, forge) => {
    const { submit, jobs, lines } = setUp();
    const response = await submit(forge());
    expect(JSON.parse(response.body!)).toEqual({
      response_action: 'errors',
      errors: { [NOTE_INPUT_BLOCK_ID]: 'This form is damaged or was not issued by the bot. Open it again from the card.' },
    });
    expect(jobs).toEqual([]);
    expect(lines.filter((line) => line.msg === 'note submission refused')).toHaveLength(1);
  });

  it.each([
    ['another user', { userId: 'UMALLORY01' }],
    ['another workspace', { teamId: 'TOTHER0001' }],
  ])('refuses a genuine form submitted by %s', async (_label, sender) => {
    const { submit, jobs } = setUp();
    const response = await submit(signedBy(SIGNING_SECRET), sender);
    expect(JSON.parse(response.body!).errors[NOTE_INPUT_BLOCK_ID]).toBe('This form was opened by someone else. Open it again from the card.');
    expect(jobs).toEqual([]);
  });

  it('refuses a genuine form opened more than an hour ago, asking to open it again, and hands nothing to the worker', async () => {
    const { submit, jobs, lines } = setUp();
    const response = await submit(signedBy(SIGNING_SECRET, metadata, Date.now() - NOTE_MODAL_MAX_AGE_MS - 60_000));
    expect(JSON.parse(response.body!)).toEqual({
      response_action: 'errors',
      errors: { [NOTE_INPUT_BLOCK_ID]: 'This form was opened more than an hour ago. Open it again from the card.' },
    });
    expect(jobs).toEqual([]);
    expect(lines.filter((line) => line.msg === 'note submission refused')).toEqual([
      expect.objectContaining({ details: { reason: 'expired' } }),
    ]);
  });

  it('accepts a genuine form opened 59 minutes ago', async () => {
    const { submit, jobs } = setUp();
    expect((await submit(signedBy(SIGNING_SECRET, metadata, Date.now() - 59 * 60_000))).statusCode).toBe(200);
    expect(jobs).toHaveLength(1);
  });

  it('refuses signed metadata without a team id rather than skipping the workspace check', async () => {
    const { submit, jobs } = setUp();
    const withoutTeam = { ...metadata, teamId: undefined } as unknown as NoteModalMetadataInput;
    // The bot's own codec will not sign it; signed anyway with the note form's key, it is refused on submission.
    expect(() => signedBy(SIGNING_SECRET, withoutTeam)).toThrow('This form holds more than the bot can carry through Slack.');
    const forged = createSignedMetadataCodec({
      signingSecret: SIGNING_SECRET,
      keyInfo: 'airflow-slack-ops note modal metadata v1',
      schema: z.any(),
      maxAgeMs: NOTE_MODAL_MAX_AGE_MS,
      messages: { forged: 'forged', expired: 'expired' },
    }).encode(withoutTeam);
    const response = await submit(forged, { teamId: 'TOTHER0001' });
    expect(JSON.parse(response.body!).errors[NOTE_INPUT_BLOCK_ID]).toBe(
      'This form is damaged or was not issued by the bot. Open it again from the card.',
    );
    expect(jobs).toEqual([]);
  });
});
