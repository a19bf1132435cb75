import { escapeMrkdwn } from './mrkdwn-escape';

/**
 * A Slack user mention `<@U123ABC>`. Anything that is not a user id is shown escaped instead, so
 * a forged id cannot become `<!channel>`.
 */
export function userMention(userId: string): string {
  return /^[UW][A-Z0-9]{2,40}$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId, 50);
}

/**
 * Who acted, as the audit trail names an actor: a Slack user's mention, or the webhook source as
 * the trail has it (`source:dq-monitor`), never a mention.
 *
 * @example
 * actorMention('U123ABC'); // '<@U123ABC>'
 * actorMention('source:dq-monitor'); // 'source:dq-monitor'
 */
export function actorMention(actorId: string): string {
  return actorId.startsWith('source:') ? `source:${escapeMrkdwn(actorId.slice('source:'.length), 50)}` : userMention(actorId);
}
