import { randomBytes } from 'node:crypto';
import { LOCAL_BOT_USER } from '../local-settings';
import { actionTs, LOCAL_IDENTITY, type SlackIdentity } from './slack-identity';

/**
 * The Events API's JSON bodies and the message shortcut's payload, as Slack sends them for
 * `npm run slack -- --paste` / `--home` and for the tests.
 */

/** An Events API `event_callback` around `event`, as Slack posts it (JSON). */
export function buildEventCallbackBody(input: { event: Record<string, unknown>; now: number; identity?: SlackIdentity }): string {
  const who = input.identity ?? LOCAL_IDENTITY;
  return JSON.stringify({
    token: who.token,
    team_id: who.team.id,
    api_app_id: who.appId,
    event: input.event,
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(input.now / 1000),
    authorizations: [{ enterprise_id: null, team_id: who.team.id, user_id: LOCAL_BOT_USER.id, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(12).toString('base64url')}`,
  });
}

/**
 * `link_shared`: the user posted `urls` in a message of their channel (`messageTs`). Slack sends
 * only the links of the app's unfurl domains; every link is sent here, so the bot's own host check
 * is what is tried.
 */
export function linkSharedEvent(input: { urls: readonly string[]; messageTs: string; now: number; identity?: SlackIdentity }): Record<string, unknown> {
  const who = input.identity ?? LOCAL_IDENTITY;
  return {
    type: 'link_shared',
    channel: who.channel.id,
    is_bot_user_member: true,
    user: who.user.id,
    message_ts: input.messageTs,
    unfurl_id: `${input.messageTs}.${who.user.id}.${randomBytes(8).toString('hex')}`,
    source: 'conversations_history',
    links: input.urls.map((url) => ({ domain: hostOf(url), url })),
    event_ts: actionTs(input.now),
  };
}

/** `app_home_opened` on the Home tab. */
export function appHomeOpenedEvent(input: { now: number; identity?: SlackIdentity; tab?: 'home' | 'messages' }): Record<string, unknown> {
  const who = input.identity ?? LOCAL_IDENTITY;
  return { type: 'app_home_opened', user: who.user.id, channel: `D${who.user.id.slice(1)}`, tab: input.tab ?? 'home', event_ts: actionTs(input.now) };
}

/** The form body of a message shortcut (`message_action`) on a message holding `text`. */
export function buildMessageShortcutBody(input: {
  callbackId: string;
  text: string;
  messageTs: string;
  responseUrl: string;
  triggerId: string;
  now: number;
  identity?: SlackIdentity;
}): string {
  const who = input.identity ?? LOCAL_IDENTITY;
  const payload = {
    type: 'message_action',
    token: who.token,
    action_ts: actionTs(input.now),
    team: { id: who.team.id, domain: who.team.domain },
    user: { id: who.user.id, username: who.user.name, name: who.user.name, team_id: who.team.id },
    channel: { id: who.channel.id, name: who.channel.name },
    is_enterprise_install: false,
    callback_id: input.callbackId,
    trigger_id: input.triggerId,
    response_url: input.responseUrl,
    message_ts: input.messageTs,
    message: { type: 'message', user: who.user.id, ts: input.messageTs, text: input.text },
  };
  return new URLSearchParams([['payload', JSON.stringify(payload)]]).toString();
}

/** How Slack writes a pasted URL into a message's text. */
export function slackLinkMarkup(url: string): string {
  return `<${url.replace(/&/g, '&amp;')}>`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
