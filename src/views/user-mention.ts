import { escapeMrkdwn } from './mrkdwn-escape';

/**
 * A Slack user mention `<@U123ABC>`. Anything that is not a user id is shown escaped instead, so
 * a forged id cannot become `<!channel>`.
 */
export function userMention(userId: string): string {
  return /^[UW][A-Z0-9]{2,40}$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId, 50);
}
