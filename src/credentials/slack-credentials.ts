import type { SecretCache } from './secret-cache';
import { parseSecretObject, requireSecretKey } from './secret-json';
import type { SlackCredentials } from './types';

/**
 * The bot's Slack credentials from a secret shaped
 * `{"signing_secret": "…", "bot_token": "xoxb-…"}` (other keys are ignored).
 *
 * @throws `BotError('credentials')` naming the secret id and the key, never a value:
 *   `Secret "ops-bot/slack" has no "bot_token" key (Slack app credentials)`.
 * @example
 * const { signingSecret, botToken } = await loadSlackCredentials(secrets, config.slackSecretId);
 */
export async function loadSlackCredentials(cache: SecretCache, secretId: string): Promise<SlackCredentials> {
  const secret = parseSecretObject(secretId, await cache.get(secretId));
  const context = 'Slack app credentials';
  return {
    signingSecret: requireSecretKey(secret, secretId, 'signing_secret', context),
    botToken: requireSecretKey(secret, secretId, 'bot_token', context),
  };
}
