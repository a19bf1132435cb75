import type { View } from '@slack/types';
import type { HitlResponse } from '../airflow/model';
import { HITL_FORM_CALLBACK_ID } from '../protocol/hitl-values';
import { sectionBlock } from './blocks';
import { formatClockTime } from './format-time';
import { SECTION_TEXT_MAX } from './limits';
import { defuseMrkdwn, escapeMrkdwn } from './mrkdwn-escape';
import { truncate } from './truncate';

/**
 * The answer form's modal when there is nothing to fill in: the request was answered, the user may
 * not answer it, or it is too large for Slack. `text` is mrkdwn written by the bot (user-facing
 * error messages); any `<…>` in it is defused except the link given apart.
 */
export function hitlNoticeModal(text: string, link?: { url: string; label: string }): View {
  const body = truncate(defuseMrkdwn(text), SECTION_TEXT_MAX - 300);
  return {
    type: 'modal',
    callback_id: HITL_FORM_CALLBACK_ID,
    title: { type: 'plain_text', text: 'Answer' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [sectionBlock(link === undefined ? body : `${body}\n<${link.url}|${escapeMrkdwn(link.label)}>`)],
  };
}

/**
 * Who answered and what, for the clicker who came too late: "Already answered by @alice: Approve,
 * at 09:14 UTC". `who` is a mention (`<@U…>`) or an Airflow user's name.
 *
 * @example
 * alreadyAnsweredText({ kind: 'slack', userId: 'U1' }, response) // 'Already answered by <@U1>: Approve, at <!date^…|09:14 UTC>.'
 */
export function alreadyAnsweredText(who: { kind: 'slack'; userId: string } | { kind: 'airflow'; name: string | null }, response: HitlResponse): string {
  const by = who.kind === 'slack' ? `<@${who.userId}>` : who.name === null ? 'nobody (it timed out and took its defaults)' : escapeMrkdwn(who.name);
  const at = response.at === null || Number.isNaN(Date.parse(response.at)) ? '' : `, at ${formatClockTime(Date.parse(response.at))}`;
  return `Already answered by ${by}: ${escapeMrkdwn(response.chosenOptions.join(', '))}${at}. Nothing was sent to Airflow.`;
}
