import { actionTs, LOCAL_IDENTITY, type SlackIdentity } from './slack-identity';

/** The button that was clicked, as it is in the message's blocks. */
export interface ClickedButton {
  actionId: string;
  blockId: string;
  /** The label. */
  text: string;
  value?: string;
  style?: string;
  url?: string;
  /** An entry of an overflow menu (`action_id` is the menu's) rather than a button. */
  overflowOption?: true;
}

/** The message the button sits on. */
export interface ButtonMessage {
  ts: string;
  /** Ephemeral messages come without a `message` (Slack does not send their content back). */
  ephemeral: boolean;
  text?: string;
  blocks?: unknown[];
  /** The bot user and bot id that posted it, as Slack echoes them in `message`. */
  botUserId?: string;
  botId?: string;
}

export interface BlockActionsInput {
  button: ClickedButton;
  message: ButtonMessage;
  /** Bound to the message: `replace_original` replaces it. */
  responseUrl: string;
  triggerId: string;
  /** Milliseconds since the epoch, for `action_ts`. */
  now: number;
  identity?: SlackIdentity;
}

/**
 * The `block_actions` payload Slack sends when a button on a message is clicked (or an entry of an
 * overflow menu is chosen).
 *
 * @example
 * blockActionsPayload({ button, message: { ts: '1767225600.000001', ephemeral: true }, responseUrl, triggerId, now: Date.now() })
 */
export function blockActionsPayload(input: BlockActionsInput): Record<string, unknown> {
  const who = input.identity ?? LOCAL_IDENTITY;
  const { button, message } = input;
  const label = { type: 'plain_text', text: button.text, emoji: true };
  const action: Record<string, unknown> = button.overflowOption
    ? { type: 'overflow', action_id: button.actionId, block_id: button.blockId, selected_option: { text: label, value: button.value }, action_ts: actionTs(input.now) }
    : { type: 'button', action_id: button.actionId, block_id: button.blockId, text: label, action_ts: actionTs(input.now) };
  if (button.value !== undefined && !button.overflowOption) action.value = button.value;
  if (button.style !== undefined) action.style = button.style;
  if (button.url !== undefined) action.url = button.url;
  return {
    type: 'block_actions',
    user: { id: who.user.id, username: who.user.name, name: who.user.name, team_id: who.team.id },
    api_app_id: who.appId,
    token: who.token,
    container: { type: 'message', message_ts: message.ts, channel_id: who.channel.id, is_ephemeral: message.ephemeral },
    trigger_id: input.triggerId,
    team: { id: who.team.id, domain: who.team.domain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: who.channel.id, name: who.channel.name },
    ...(message.ephemeral
      ? {}
      : {
          message: {
            type: 'message',
            ...(message.botUserId === undefined ? {} : { user: message.botUserId }),
            ...(message.botId === undefined ? {} : { bot_id: message.botId }),
            app_id: who.appId,
            text: message.text ?? '',
            team: who.team.id,
            ts: message.ts,
            blocks: message.blocks ?? [],
          },
        }),
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [action],
  };
}

/** The form body: `payload=<url-encoded JSON>`. */
export function buildBlockActionsBody(input: BlockActionsInput): string {
  return new URLSearchParams({ payload: JSON.stringify(blockActionsPayload(input)) }).toString();
}

