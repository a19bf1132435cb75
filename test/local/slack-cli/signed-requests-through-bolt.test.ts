import { App, AwsLambdaReceiver, LogLevel, type Logger } from '@slack/bolt';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  fakeLambdaContext,
  signedBlockActionsEvent,
  signedSlashCommandEvent,
  signedViewSubmissionEvent,
  type SlackRequestTamper,
} from '../../helpers/slack-requests';

const SIGNING_SECRET = 'test-signing-secret';
const RESPONSE_URL = 'http://127.0.0.1:1/hooks/abc';

const quietLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** A real Bolt app on the Lambda receiver, recording what its listeners get. */
function boltApp() {
  const seen: { kind: string; body: unknown }[] = [];
  const receiver = new AwsLambdaReceiver({ signingSecret: SIGNING_SECRET, logger: quietLogger });
  const app = new App({ receiver, logger: quietLogger, authorize: async () => ({ botToken: 'xoxb-test' }) });
  app.command('/airflow', async ({ ack, command }) => {
    seen.push({ kind: 'command', body: command });
    await ack({ response_type: 'ephemeral', text: `got ${command.text}` });
  });
  app.action('ti_mark_success', async ({ ack, body }) => {
    seen.push({ kind: 'action', body });
    await ack();
  });
  app.view('ti_note_modal', async ({ ack, view, body }) => {
    seen.push({ kind: 'view', body: { view, user: body.user } });
    await ack();
  });
  const handler = receiver.toHandler();
  return {
    seen,
    call: async (event: APIGatewayProxyEventV2) =>
      (await handler(event, fakeLambdaContext())) as APIGatewayProxyStructuredResultV2,
  };
}

describe('signed Slack request events, through a real Bolt receiver', () => {
  it('delivers a slash command with the fields Slack sends', async () => {
    const bolt = boltApp();

    const result = await bolt.call(
      signedSlashCommandEvent({ signingSecret: SIGNING_SECRET, text: 'ti demo-v2 etl_daily latest transform', responseUrl: RESPONSE_URL }),
    );

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body!)).toEqual({ response_type: 'ephemeral', text: 'got ti demo-v2 etl_daily latest transform' });
    expect(bolt.seen).toEqual([
      {
        kind: 'command',
        body: {
          token: 'local-verification-token',
          team_id: 'TLOCAL0001',
          team_domain: 'local-workspace',
          channel_id: 'CDEMO00001',
          channel_name: 'data-oncall',
          user_id: 'ULOCAL0001',
          user_name: 'alice',
          command: '/airflow',
          text: 'ti demo-v2 etl_daily latest transform',
          api_app_id: 'ALOCAL0001',
          is_enterprise_install: 'false',
          response_url: RESPONSE_URL,
          trigger_id: expect.stringMatching(/^\d{10}\.\d{9}\.[0-9a-f]{32}$/),
        },
      },
    ]);
  });

  it('delivers a click on an ephemeral message without a message, from the given user', async () => {
    const bolt = boltApp();

    const result = await bolt.call(
      signedBlockActionsEvent({
        signingSecret: SIGNING_SECRET,
        actionId: 'ti_mark_success',
        value: '{"v":1}',
        text: 'Mark success',
        responseUrl: RESPONSE_URL,
        userId: 'U0BOB',
        userName: 'bob',
        now: Date.now(),
      }),
    );

    expect(result.statusCode).toBe(200);
    const body = bolt.seen[0]!.body as Record<string, unknown>;
    expect(body.type).toBe('block_actions');
    expect(body.user).toEqual({ id: 'U0BOB', username: 'bob', name: 'bob', team_id: 'TLOCAL0001' });
    expect(body.container).toEqual({ type: 'message', message_ts: expect.stringMatching(/^\d+\.000100$/), channel_id: 'CDEMO00001', is_ephemeral: true });
    expect(body.message).toBeUndefined();
    expect(body.response_url).toBe(RESPONSE_URL);
    expect(body.actions).toEqual([
      {
        type: 'button',
        action_id: 'ti_mark_success',
        block_id: 'ti_actions',
        text: { type: 'plain_text', text: 'Mark success', emoji: true },
        value: '{"v":1}',
        action_ts: expect.stringMatching(/^\d+\.\d{6}$/),
      },
    ]);
  });

  it('delivers a click on a channel message with the message Slack echoes back', async () => {
    const bolt = boltApp();
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'card' } }];

    await bolt.call(
      signedBlockActionsEvent({
        signingSecret: SIGNING_SECRET,
        actionId: 'ti_mark_success',
        value: 'v',
        responseUrl: RESPONSE_URL,
        message: { ts: '1767225600.000001', text: 'card', blocks },
      }),
    );

    const body = bolt.seen[0]!.body as Record<string, unknown>;
    expect(body.container).toMatchObject({ message_ts: '1767225600.000001', is_ephemeral: false });
    expect(body.message).toMatchObject({ type: 'message', ts: '1767225600.000001', text: 'card', blocks, user: 'UBOTLOCAL1' });
  });

  it('delivers a modal submission with its state values and metadata', async () => {
    const bolt = boltApp();
    const values = { ti_note: { ti_note_text: { type: 'plain_text_input', value: 'Re-ran after the fix' } } };

    const result = await bolt.call(
      signedViewSubmissionEvent({ signingSecret: SIGNING_SECRET, callbackId: 'ti_note_modal', privateMetadata: '{"a":1}', values, viewId: 'V0NOTE' }),
    );

    expect(result.statusCode).toBe(200);
    const { view, user } = bolt.seen[0]!.body as { view: Record<string, unknown>; user: unknown };
    expect(view).toMatchObject({ id: 'V0NOTE', callback_id: 'ti_note_modal', private_metadata: '{"a":1}', state: { values } });
    expect(user).toEqual({ id: 'ULOCAL0001', username: 'alice', name: 'alice', team_id: 'TLOCAL0001' });
  });

  it.each<SlackRequestTamper>(['wrong-signature', 'old-timestamp', 'changed-body', 'missing-signature', 'missing-timestamp'])(
    'refuses a request with %s with 401 and runs no listener',
    async (tamper) => {
      const bolt = boltApp();

      const result = await bolt.call(
        signedSlashCommandEvent({ signingSecret: SIGNING_SECRET, text: 'help', responseUrl: RESPONSE_URL, tamper }),
      );

      expect(result.statusCode).toBe(401);
      expect(bolt.seen).toEqual([]);
    },
  );

  it('changes exactly one byte of the body for changed-body', () => {
    const fixed = { signingSecret: SIGNING_SECRET, text: 'help', responseUrl: RESPONSE_URL, triggerId: '1.2.3', now: 1_767_225_600_000 };

    const intact = Buffer.from(signedSlashCommandEvent(fixed).body!, 'base64');
    const changed = Buffer.from(signedSlashCommandEvent({ ...fixed, tamper: 'changed-body' }).body!, 'base64');

    expect(changed.length).toBe(intact.length);
    expect([...changed].filter((byte, i) => byte !== intact[i])).toHaveLength(1);
  });
});
