import type { Button } from '@slack/types';
import { button } from './blocks';
import { BUTTON_URL_MAX } from './limits';
import { escapeMrkdwn } from './mrkdwn-escape';

/**
 * `action_id` of every button that only opens a page (Open in Airflow, Full log). Slack still sends
 * a `block_actions` request when one is clicked; the listener only has to acknowledge it.
 */
export const LINK_BUTTON_ACTION_ID = 'open_airflow_link';

/** Only web links: anything else (`javascript:`, a bare path) would be broken or unsafe in Slack. */
export function isLinkableUrl(url: string): boolean {
  if (url.length > BUTTON_URL_MAX) return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * A mrkdwn link `<url|label>`, or the escaped label alone when the URL is not a web link. The URL's
 * `&` becomes `&amp;` and `|`, `<`, `>` are percent-encoded, so neither part can end the link early.
 *
 * @example
 * mrkdwnLink('https://af.example/log?a=1&b=2', 'Log') // '<https://af.example/log?a=1&amp;b=2|Log>'
 */
export function mrkdwnLink(url: string | null, label: string, labelMax = 200): string {
  const text = escapeMrkdwn(label, labelMax);
  if (url === null || !isLinkableUrl(url)) return text;
  const safeUrl = url.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/&/g, '&amp;');
  return `<${safeUrl}|${text}>`;
}

/** A button that opens `url`, or `undefined` when the URL is not a web link Slack will accept. */
export function linkButton(text: string, url: string): Button | undefined {
  return isLinkableUrl(url) ? button({ actionId: LINK_BUTTON_ACTION_ID, text, url }) : undefined;
}
