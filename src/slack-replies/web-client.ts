import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { SecretCache } from '../credentials/secret-cache';
import { loadSlackCredentials } from '../credentials/slack-credentials';

/**
 * How every Slack Web API client of the bot is set up. Rate limits are handed back to the caller
 * (see `retryRateLimited` in `rate-limit.ts`, which waits only while the function has time and
 * lets posts into one channel take turns) instead of being waited out inside the client, which
 * would wait for any `Retry-After`; other failures are tried twice more within seconds, not over
 * the client's default half hour, which no function lives through.
 *
 * @example
 * new App({ ..., clientOptions: slackWebClientOptions('https://slack.com/api/') });
 */
export function slackWebClientOptions(slackApiUrl: string): WebClientOptions {
  return {
    slackApiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 },
    timeout: 10_000,
  };
}

/**
 * The bot's Web API client, built on first use from the Slack secret and kept for the container's
 * life. A failed build (the secret unreadable) is not kept: the next call tries again rather than
 * failing every job of the container.
 *
 * @example
 * const web = lazySlackWebClient({ secrets, slackSecretId: 'ops-bot/slack', slackApiUrl: 'https://slack.com/api/' });
 * await (await web()).chat.postMessage({ channel, text });
 */
export function lazySlackWebClient(options: { secrets: SecretCache; slackSecretId: string; slackApiUrl: string }): () => Promise<WebClient> {
  let web: Promise<WebClient> | undefined;
  return () => {
    web ??= loadSlackCredentials(options.secrets, options.slackSecretId)
      .then((credentials) => new WebClient(credentials.botToken, slackWebClientOptions(options.slackApiUrl)))
      .catch((error: unknown) => {
        web = undefined;
        throw error;
      });
    return web;
  };
}
