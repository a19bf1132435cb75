import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { loadAppConfig } from '../../src/config/app-config';
import { parseDeployments } from '../../src/config/parse-deployments';
import { createSecretCache } from '../../src/credentials/secret-cache';
import type { Handoff } from '../../src/handoff/types';
import { startSlackStandIn, type SlackStandIn } from '../../local/slack-stand-in';
import { buildBlockActionsBody } from '../../local/slack-cli/block-actions-body';
import { newTriggerId } from '../../local/slack-cli/slack-identity';
import { createHitlFormMetadataCodec, HITL_FORM_MAX_AGE_MS, type HitlFormMetadata } from '../../src/protocol/hitl-form-metadata';
import { HITL_FORM_INPUT_ACTION_ID, HITL_OPTIONS_BLOCK_ID, hitlParamBlockId } from '../../src/views/hitl-form';
import { encodeHitlValue, HITL_ACTION_IDS, HITL_CHOICES_BLOCK_ID, HITL_FORM_CALLBACK_ID } from '../../src/protocol/hitl-values';
import type { WorkerJob } from '../../src/protocol/job';
import { createSlackEventsHandler } from '../../src/runtime/slack-events-runtime';
import { collectingLogger } from '../audit/collecting-logger';
import { MemorySecretSource } from '../credentials/memory-secret-source';
import { fakeLambdaContext, signedBlockActionsEvent, signedSlackRequestEvent, signedViewSubmissionEvent } from '../helpers/slack-requests';

const SIGNING_SECRET = 'test-signing-secret';
const BOT_TOKEN = 'xoxb-test-bot-token';
const OPENER = 'ULOCAL0001';
const TEAM = 'TLOCAL0001';
const REQUEST = {
  address: { deployment: 'demo', dagId: 'etl_daily', runId: 'scheduled__2026-12-06T00:00:00+00:00', taskId: 'approve', mapIndex: -1 },
  createdAt: '2026-12-06T09:00:00.000000Z',
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
    config: loadAppConfig({ SLACK_SECRET_ID: 'slack/secret', SLACK_API_URL: standIn.apiUrl, SLACK_RESPONSE_URL_ORIGINS: new URL(standIn.url).origin }),
    registry: parseDeployments([{ name: 'demo', apiUrl: 'http://127.0.0.1:9', auth: 'basic', secretId: 'airflow/demo' }], 'test'),
    secrets: createSecretCache(new MemorySecretSource({ 'slack/secret': JSON.stringify({ signing_secret: SIGNING_SECRET, bot_token: BOT_TOKEN }) })),
    handoff,
    logger,
  });
  const call = async (event: APIGatewayProxyEventV2) => (await handler(event, fakeLambdaContext())) as APIGatewayProxyStructuredResultV2;
  return { call, jobs, lines };
}

/** A click on Submit under the checkboxes, with `ticked` option values in the message's state. */
function submitEvent(ticked: string[], responseUrl: string): APIGatewayProxyEventV2 {
  const payload = JSON.parse(
    new URLSearchParams(
      buildBlockActionsBody({
        button: { actionId: HITL_ACTION_IDS.submit, blockId: HITL_CHOICES_BLOCK_ID, text: 'Submit', value: encodeHitlValue(REQUEST) },
        message: { ts: '1765012345.000100', ephemeral: false, botUserId: 'UBOTLOCAL1', botId: 'BLOCAL0001' },
        responseUrl,
        triggerId: newTriggerId(),
        now: Date.now(),
      }),
    ).get('payload')!,
  ) as Record<string, unknown>;
  payload.state = {
    values: {
      [HITL_CHOICES_BLOCK_ID]: { [HITL_ACTION_IDS.choices]: { type: 'checkboxes', selected_options: ticked.map((value) => ({ text: { type: 'plain_text', text: value }, value })) } },
    },
  };
  return signedSlackRequestEvent(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), { signingSecret: SIGNING_SECRET });
}

const metadata: HitlFormMetadata = {
  request: REQUEST,
  options: ['Approve', 'Reject'],
  multiple: false,
  specs: [],
  card: { channelId: 'CDEMO00001', messageTs: '1765012345.000100', isEphemeral: false },
  openedBy: OPENER,
  teamId: TEAM,
};

describe('the human-in-the-loop listeners', () => {
  it('hands an option click to the worker as an answer with that option', async () => {
    const { call, jobs } = setUp();
    const responseUrl = standIn.newResponseUrl();
    const response = await call(
      signedBlockActionsEvent({ signingSecret: SIGNING_SECRET, actionId: 'hitl_option:1', blockId: 'hitl_options', value: encodeHitlValue({ ...REQUEST, option: 1 }), responseUrl, message: { ts: '1765012345.000100' } }),
    );
    expect(response.statusCode).toBe(200);
    expect(jobs).toEqual([
      {
        kind: 'hitl_answer',
        request: REQUEST,
        chosen: [1],
        paramsInput: {},
        slack: expect.objectContaining({ userId: OPENER, teamId: TEAM, messageTs: '1765012345.000100', isEphemeral: false, responseUrl }) as unknown,
        requestId: expect.any(String) as string,
      },
    ]);
  });

  it('refuses a damaged option button, tells the clicker, and hands nothing to the worker', async () => {
    const { call, jobs } = setUp();
    const responseUrl = standIn.newResponseUrl();
    const before = standIn.events.length;
    await call(signedBlockActionsEvent({ signingSecret: SIGNING_SECRET, actionId: 'hitl_option:0', value: '{"not":"ours"}', responseUrl }));
    expect(jobs).toEqual([]);
    const told = standIn.events.slice(before).find((event) => event.kind === 'response_url');
    expect(JSON.stringify(told?.body)).toContain('This button is damaged or out of date. Run `/airflow pending` to get a fresh one.');
  });

  it('hands the ticked options to the worker on Submit', async () => {
    const { call, jobs } = setUp();
    await call(submitEvent(['0', '1'], standIn.newResponseUrl()));
    expect(jobs.map((job) => job.kind === 'hitl_answer' && job.chosen)).toEqual([[0, 1]]);
  });

  it('asks for a tick when Submit is pressed with none, and hands nothing to the worker', async () => {
    const { call, jobs } = setUp();
    const before = standIn.events.length;
    await call(submitEvent([], standIn.newResponseUrl()));
    expect(jobs).toEqual([]);
    const told = standIn.events.slice(before).find((event) => event.kind === 'response_url');
    expect((told?.body as { text?: string }).text).toBe(':warning: Tick at least one option.');
  });

  it('opens the loading modal at once, then hands the form to the worker with that modal’s id', async () => {
    const { call, jobs } = setUp();
    const before = standIn.events.length;
    await call(
      signedBlockActionsEvent({
        signingSecret: SIGNING_SECRET,
        actionId: HITL_ACTION_IDS.openForm,
        value: encodeHitlValue(REQUEST),
        responseUrl: standIn.newResponseUrl(),
        triggerId: standIn.newTriggerId(),
      }),
    );
    const opened = standIn.events.slice(before).filter((event) => event.kind !== 'response_url');
    expect(opened.map((event) => 'method' in event && event.method)).toEqual(['views.open']);
    const viewId = standIn.views.at(-1)!.view.id;
    expect(jobs).toEqual([{ kind: 'hitl_form', request: REQUEST, viewId, slack: expect.objectContaining({ userId: OPENER }) as unknown }]);
  });

  it('hands a submitted form with the bot’s metadata to the worker: the answer from the form, the card from the metadata', async () => {
    const { call, jobs } = setUp();
    const privateMetadata = createHitlFormMetadataCodec(SIGNING_SECRET).encode(metadata);
    const values = { [HITL_OPTIONS_BLOCK_ID]: { [HITL_FORM_INPUT_ACTION_ID]: { type: 'radio_buttons', selected_option: { text: { type: 'plain_text' as const, text: 'Approve' }, value: '0' } } } };
    const response = await call(signedViewSubmissionEvent({ signingSecret: SIGNING_SECRET, callbackId: HITL_FORM_CALLBACK_ID, privateMetadata, values }));
    expect(response.statusCode).toBe(200);
    expect(jobs).toEqual([
      {
        kind: 'hitl_answer',
        request: REQUEST,
        chosen: [0],
        paramsInput: {},
        slack: { ...metadata.card, userId: OPENER, userName: expect.any(String) as string, teamId: TEAM },
        requestId: expect.any(String) as string,
      },
    ]);
  });

  describe('a form whose inputs Airflow would refuse', () => {
    const withParams: HitlFormMetadata = {
      ...metadata,
      specs: [
        { name: 'days', type: 'integer', required: true, minimum: 1, maximum: 30 },
        { name: 'reason', type: 'string', required: true, minLength: 1 },
      ],
    };
    const chosen = { [HITL_OPTIONS_BLOCK_ID]: { [HITL_FORM_INPUT_ACTION_ID]: { type: 'radio_buttons', selected_option: { text: { type: 'plain_text' as const, text: 'Approve' }, value: '0' } } } };
    const param = (index: number, value: string) => ({ [hitlParamBlockId(index)]: { [HITL_FORM_INPUT_ACTION_ID]: { type: 'plain_text_input', value } } });

    it.each([
      ['a word where a whole number goes', { ...chosen, ...param(0, 'abc'), ...param(1, 'late data') }, { [hitlParamBlockId(0)]: 'days must be a whole number from 1 to 30.' }],
      ['a number over the maximum', { ...chosen, ...param(0, '99'), ...param(1, 'late data') }, { [hitlParamBlockId(0)]: 'days must be a whole number from 1 to 30.' }],
      ['a required param left empty', { ...chosen, ...param(0, '3') }, { [hitlParamBlockId(1)]: 'reason is required.' }],
      ['no option chosen', { ...param(0, '3'), ...param(1, 'late data') }, { [HITL_OPTIONS_BLOCK_ID]: 'Choose an option.' }],
    ])('shows %s in the modal and hands nothing to the worker', async (_label, values, errors) => {
      const { call, jobs } = setUp();
      const privateMetadata = createHitlFormMetadataCodec(SIGNING_SECRET).encode(withParams);
      const response = await call(signedViewSubmissionEvent({ signingSecret: SIGNING_SECRET, callbackId: HITL_FORM_CALLBACK_ID, privateMetadata, values }));
      expect(JSON.parse(response.body!)).toEqual({ response_action: 'errors', errors });
      expect(jobs).toEqual([]);
    });

    it('hands the typed params to the worker once they are right', async () => {
      const { call, jobs } = setUp();
      const privateMetadata = createHitlFormMetadataCodec(SIGNING_SECRET).encode(withParams);
      await call(
        signedViewSubmissionEvent({ signingSecret: SIGNING_SECRET, callbackId: HITL_FORM_CALLBACK_ID, privateMetadata, values: { ...chosen, ...param(0, '7'), ...param(1, 'late data') } }),
      );
      expect(jobs.map((job) => job.kind === 'hitl_answer' && job.paramsInput)).toEqual([{ days: 7, reason: 'late data' }]);
    });
  });

  it.each([
    ['metadata signed with another key', () => createHitlFormMetadataCodec('another-secret').encode(metadata), 'This form is damaged or was not issued by the bot. Open it again from the request.'],
    ['the note form’s metadata', () => 'e30.AAAA', 'This form is damaged or was not issued by the bot. Open it again from the request.'],
    [
      'a form opened more than an hour ago',
      () => createHitlFormMetadataCodec(SIGNING_SECRET, () => Date.now() - HITL_FORM_MAX_AGE_MS - 60_000).encode(metadata),
      'This form was opened more than an hour ago. Open it again from the request.',
    ],
    ['a form opened by someone else', () => createHitlFormMetadataCodec(SIGNING_SECRET).encode({ ...metadata, openedBy: 'UMALLORY01' }), 'This form was opened by someone else. Open it again from the request.'],
  ])('refuses %s inside the modal and hands nothing to the worker', async (_label, forge, message) => {
    const { call, jobs, lines } = setUp();
    const response = await call(signedViewSubmissionEvent({ signingSecret: SIGNING_SECRET, callbackId: HITL_FORM_CALLBACK_ID, privateMetadata: forge(), values: {} }));
    const body = JSON.parse(response.body!) as { response_action: string; view: { blocks: { text: { text: string } }[] } };
    expect(body.response_action).toBe('update');
    expect(body.view.blocks[0]!.text.text).toBe(message);
    expect(jobs).toEqual([]);
    expect(lines.filter((line) => line.msg === 'answer form refused')).toHaveLength(1);
  });

  it('acknowledges a tick without handing anything to the worker', async () => {
    const { call, jobs } = setUp();
    const response = await call(
      signedBlockActionsEvent({ signingSecret: SIGNING_SECRET, actionId: HITL_ACTION_IDS.choices, blockId: HITL_CHOICES_BLOCK_ID, value: '0', responseUrl: standIn.newResponseUrl() }),
    );
    expect(response.statusCode).toBe(200);
    expect(jobs).toEqual([]);
  });
});
