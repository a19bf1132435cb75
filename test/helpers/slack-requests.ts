import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { apiGatewayEventV2 } from '../../local/api-gateway-event';
import { createLambdaContext } from '../../local/lambda-context';
import { LOCAL_SLASH_COMMAND } from '../../local/local-settings';
import { buildBlockActionsBody } from '../../local/slack-cli/block-actions-body';
import { buildEventCallbackBody, buildMessageShortcutBody } from '../../local/slack-cli/event-bodies';
import { buildBlockSuggestionBody } from '../../local/slack-cli/block-suggestion-body';
import { identityWith, newTriggerId } from '../../local/slack-cli/slack-identity';
import { buildSlashCommandBody } from '../../local/slack-cli/slash-command-body';
import { buildViewSubmissionBody, type ViewResponseUrl, type ViewStateValues } from '../../local/slack-cli/view-submission-body';
import { signSlackRequest } from '../../local/slack-signing';

export type { ViewStateValues };

/**
 * Real Slack requests for the Lambda handler: the bodies `npm run slack` sends, signed with a real
 * HMAC, wrapped in the API Gateway HTTP API (payload 2.0) event the bridge and AWS produce
 * (form bodies base64-encoded). A `tamper` option breaks one thing, for the refusal tests.
 */

/** One way to break a signed request. */
export type SlackRequestTamper =
  /** Signed with another secret. */
  | 'wrong-signature'
  /** Correctly signed, six minutes ago: outside Slack's five-minute window. */
  | 'old-timestamp'
  /** One byte of the body changed after signing. */
  | 'changed-body'
  | 'missing-signature'
  | 'missing-timestamp';

export interface SignedRequestOptions {
  signingSecret: string;
  /** Milliseconds since the epoch; the request is signed at this time. `Date.now()` by default (Bolt checks against the real clock). */
  now?: number;
  tamper?: SlackRequestTamper;
}

/** Who sends it; the demo user `ULOCAL0001` (`alice`) in `CDEMO00001` by default. */
export interface SenderOptions {
  userId?: string;
  userName?: string;
  channelId?: string;
  teamId?: string;
}

/** How old an `old-timestamp` request is. */
const OLD_BY_MS = 6 * 60 * 1000;

/**
 * Any form or JSON body, signed and wrapped as an API Gateway event for `POST /slack/events`.
 *
 * @example
 * const event = signedSlackRequestEvent('ssl_check=1&token=x', { signingSecret });
 */
export function signedSlackRequestEvent(
  rawBody: string,
  options: SignedRequestOptions & { contentType?: string },
): APIGatewayProxyEventV2 {
  const now = options.now ?? Date.now();
  const signedAt = options.tamper === 'old-timestamp' ? now - OLD_BY_MS : now;
  const secret = options.tamper === 'wrong-signature' ? `${options.signingSecret}-but-not-quite` : options.signingSecret;
  const signature = signSlackRequest(secret, rawBody, Math.floor(signedAt / 1000));
  const sentBody = options.tamper === 'changed-body' ? changeOneByte(rawBody) : rawBody;

  const headers: [string, string][] = [
    ['host', 'abc123.execute-api.eu-west-1.amazonaws.com'],
    ['user-agent', 'Slackbot 1.0 (+https://api.slack.com/robots)'],
    ['accept-encoding', 'gzip,deflate'],
    ['accept', 'application/json,*/*'],
    ['content-type', options.contentType ?? 'application/x-www-form-urlencoded'],
    ['content-length', String(Buffer.byteLength(sentBody))],
  ];
  if (options.tamper !== 'missing-signature') headers.push(['x-slack-signature', signature['x-slack-signature']]);
  if (options.tamper !== 'missing-timestamp') {
    headers.push(['x-slack-request-timestamp', signature['x-slack-request-timestamp']]);
  }
  return apiGatewayEventV2({
    method: 'POST',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers,
    body: Buffer.from(sentBody, 'utf8'),
    routeKey: 'POST /slack/events',
    sourceIp: '3.90.1.1',
    protocol: 'HTTP/1.1',
    timeEpoch: now,
  });
}

/**
 * A slash command, as Slack posts it when the user types `/airflow <text>`.
 *
 * @example
 * await handler(signedSlashCommandEvent({ signingSecret, text: 'ti demo-v2 etl_daily latest transform', responseUrl }), fakeLambdaContext());
 */
export function signedSlashCommandEvent(
  options: SignedRequestOptions &
    SenderOptions & { text: string; command?: string; responseUrl: string; triggerId?: string },
): APIGatewayProxyEventV2 {
  const body = buildSlashCommandBody({
    command: options.command ?? LOCAL_SLASH_COMMAND,
    text: options.text,
    responseUrl: options.responseUrl,
    triggerId: options.triggerId ?? newTriggerId(),
    identity: identityWith(options),
  });
  return signedSlackRequestEvent(body, options);
}

/** The message a clicked button sits on. */
export interface ClickedMessage {
  ts: string;
  text?: string;
  blocks?: unknown[];
}

/**
 * A button click (`block_actions`). With `message`, it is a channel message (Slack sends the
 * message back); without, or with `isEphemeral: true`, an ephemeral one (no `message`).
 *
 * @example
 * signedBlockActionsEvent({ signingSecret, actionId: ACTION_IDS.markSuccess, value: encodeAddress(address), responseUrl })
 */
export function signedBlockActionsEvent(
  options: SignedRequestOptions &
    SenderOptions & {
      actionId: string;
      value: string;
      blockId?: string;
      /** The button's label. */
      text?: string;
      responseUrl: string;
      message?: ClickedMessage;
      isEphemeral?: boolean;
      triggerId?: string;
    },
): APIGatewayProxyEventV2 {
  const now = options.now ?? Date.now();
  const ephemeral = options.isEphemeral ?? options.message === undefined;
  const body = buildBlockActionsBody({
    button: { actionId: options.actionId, blockId: options.blockId ?? 'ti_actions', text: options.text ?? options.actionId, value: options.value },
    message: {
      ts: options.message?.ts ?? `${Math.floor(now / 1000)}.000100`,
      ephemeral,
      text: options.message?.text,
      blocks: options.message?.blocks,
      botUserId: 'UBOTLOCAL1',
      botId: 'BLOCAL0001',
    },
    responseUrl: options.responseUrl,
    triggerId: options.triggerId ?? newTriggerId(),
    now,
    identity: identityWith(options),
  });
  return signedSlackRequestEvent(body, { ...options, now });
}

/**
 * A modal submission (`view_submission`).
 *
 * @example
 * signedViewSubmissionEvent({ signingSecret, callbackId: NOTE_MODAL_CALLBACK_ID, privateMetadata,
 *   values: { ti_note: { ti_note_text: { type: 'plain_text_input', value: 'rerun after fix' } } } })
 */
export function signedViewSubmissionEvent(
  options: SignedRequestOptions &
    SenderOptions & {
      callbackId: string;
      privateMetadata: string;
      values: ViewStateValues;
      viewId?: string;
      blocks?: unknown[];
      triggerId?: string;
      responseUrls?: ViewResponseUrl[];
    },
): APIGatewayProxyEventV2 {
  const body = buildViewSubmissionBody({
    ...(options.responseUrls === undefined ? {} : { responseUrls: options.responseUrls }),
    view: {
      id: options.viewId ?? 'VLOCAL00001',
      callback_id: options.callbackId,
      private_metadata: options.privateMetadata,
      blocks: options.blocks ?? [],
    },
    values: options.values,
    triggerId: options.triggerId ?? newTriggerId(),
    identity: identityWith(options),
  });
  return signedSlackRequestEvent(body, options);
}

/**
 * An Events API callback (JSON) around `event`, such as `link_shared` or `app_home_opened`.
 *
 * @example
 * signedEventCallbackEvent({ signingSecret, event: appHomeOpenedEvent({ now: Date.now() }) })
 */
export function signedEventCallbackEvent(options: SignedRequestOptions & SenderOptions & { event: Record<string, unknown> }): APIGatewayProxyEventV2 {
  const body = buildEventCallbackBody({ event: options.event, now: options.now ?? Date.now(), identity: identityWith(options) });
  return signedSlackRequestEvent(body, { ...options, contentType: 'application/json' });
}

/** A message shortcut (`message_action`) on a message whose text is `text` (Slack's markup: links as `<url>`). */
export function signedMessageShortcutEvent(
  options: SignedRequestOptions & SenderOptions & { callbackId: string; text: string; responseUrl: string; messageTs?: string },
): APIGatewayProxyEventV2 {
  const now = options.now ?? Date.now();
  const body = buildMessageShortcutBody({
    callbackId: options.callbackId,
    text: options.text,
    messageTs: options.messageTs ?? `${Math.floor(now / 1000)}.000200`,
    responseUrl: options.responseUrl,
    triggerId: newTriggerId(),
    now,
    identity: identityWith(options),
  });
  return signedSlackRequestEvent(body, { ...options, now });
}

/** A Lambda context for calling a handler directly. */
export function fakeLambdaContext(): Context {
  return createLambdaContext({ functionName: 'airflow-slack-ops-test-slackEvents' });
}

/** Changes the last byte in a way that keeps a form body parseable (`%7D` → `%7d` decodes the same). */
function changeOneByte(body: string): string {
  if (body.length === 0) return ' ';
  const last = body.at(-1)!;
  const changed =
    last !== last.toLowerCase() ? last.toLowerCase() : last !== last.toUpperCase() ? last.toUpperCase() : last === '0' ? '1' : '0';
  return body.slice(0, -1) + changed;
}

/**
 * Typing into a modal's `external_select` (`block_suggestion`): Slack asks for the options.
 *
 * @example
 * signedBlockSuggestionEvent({ signingSecret, callbackId: BUILDER_CALLBACK_ID, privateMetadata, values, actionId: 'builder_dag', typed: 'etl' })
 */
export function signedBlockSuggestionEvent(
  options: SignedRequestOptions &
    SenderOptions & { callbackId: string; privateMetadata: string; values: ViewStateValues; actionId: string; blockId?: string; typed: string; viewId?: string },
): APIGatewayProxyEventV2 {
  const body = buildBlockSuggestionBody(
    {
      view: { id: options.viewId ?? 'VLOCAL00001', callback_id: options.callbackId, private_metadata: options.privateMetadata },
      values: options.values,
      blockId: options.blockId ?? options.actionId,
      actionId: options.actionId,
      typed: options.typed,
    },
    identityWith(options),
  );
  return signedSlackRequestEvent(body, options);
}
