import type { App, MessageShortcut } from '@slack/bolt';
import { asBotError } from '../../errors';
import { UNFURL_LINKS_MAX } from '../../protocol/job-schema';
import type { AirflowLink, UnfurlMessage } from '../../protocol/job';
import { LOOKUP_SHORTCUT_CALLBACK_ID } from '../../protocol/interaction-types';
import { errorMessage } from '../../views/error-message';
import { parseUiLink, type UiLink } from '../ti-link';
import type { ListenerDeps } from './listener-deps';

/** Slack refuses longer URLs in a block anyway; a link this long is not one the bot built or can show. */
const LINK_LENGTH_MAX = 3000;

/**
 * The links of a registered deployment's UI among `urls` (exact host and base path, see
 * `matchUiLink`), each read as a task instance, a run or a DAG, in their order, each once. Every
 * other link, of any host, is left out.
 */
export function airflowLinks(urls: readonly string[], uiLinks: readonly UiLink[]): AirflowLink[] {
  const links: AirflowLink[] = [];
  for (const url of new Set(urls)) {
    if (url.length > LINK_LENGTH_MAX) continue;
    const target = parseUiLink(url, uiLinks);
    if (target !== undefined) links.push({ ...target, url });
  }
  return links;
}

/** The URLs of a Slack message's text: `<https://…>` and `<https://…|label>`, as Slack marks them up. */
export function urlsInMessageText(text: string): string[] {
  return [...text.matchAll(/<(https?:\/\/[^|>\s]+)(?:\|[^>]*)?>/gi)].map((match) => match[1]!.replace(/&amp;/g, '&'));
}

/**
 * Pasted Airflow links (`link_shared`) and the message shortcut "Look up in Airflow". Only links
 * into a registered deployment's UI are handed to the worker; for any other link nothing is sent
 * anywhere, neither to Airflow nor to Slack. Who may see what is the worker's to check.
 */
export function registerLinks(app: App, deps: ListenerDeps): void {
  app.event('link_shared', async ({ event: shared, body }) => {
    const links = airflowLinks(
      shared.links.map((link) => link.url),
      deps.parseContext.uiLinks,
    ).slice(0, UNFURL_LINKS_MAX);
    if (links.length === 0) return;
    const message: UnfurlMessage = {
      channelId: shared.channel,
      ts: shared.message_ts,
      ...(shared.unfurl_id === undefined ? {} : { unfurlId: shared.unfurl_id }),
      ...(shared.source === 'composer' || shared.source === 'conversations_history' ? { source: shared.source } : {}),
    };
    try {
      await deps.handoff.dispatch({
        kind: 'unfurl',
        links,
        message,
        slack: { userId: shared.user, teamId: body.team_id, channelId: shared.channel, isEphemeral: false },
      });
    } catch (error) {
      const botError = asBotError(error);
      deps.logger.error({ err: botError.cause ?? botError, kind: botError.kind }, 'handoff failed for an unfurl');
    }
  });

  app.shortcut<MessageShortcut>({ type: 'message_action', callback_id: LOOKUP_SHORTCUT_CALLBACK_ID }, async ({ ack, shortcut, respond }) => {
    await ack();
    const [link] = airflowLinks(urlsInMessageText(shortcut.message.text ?? ''), deps.parseContext.uiLinks);
    if (link === undefined) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...errorMessage('This message holds no link into the Airflow UI of a deployment the bot knows. Paste a task instance, run or DAG link from the Airflow UI.'),
      });
      return;
    }
    try {
      await deps.handoff.dispatch({
        kind: 'lookup',
        link,
        slack: {
          userId: shortcut.user.id,
          userName: shortcut.user.username ?? shortcut.user.name,
          teamId: shortcut.team?.id ?? shortcut.user.team_id,
          channelId: shortcut.channel.id,
          responseUrl: shortcut.response_url,
          isEphemeral: true,
        },
      });
    } catch (error) {
      const botError = asBotError(error);
      deps.logger.error({ err: botError.cause ?? botError, kind: botError.kind }, 'handoff failed for a lookup');
      await respond({ response_type: 'ephemeral', replace_original: false, ...errorMessage(botError.userMessage) });
    }
  });
}
