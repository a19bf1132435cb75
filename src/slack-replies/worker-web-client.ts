import { WebClient } from '@slack/web-api';

/**
 * The worker's Slack Web API client. Rate limits are handed back to the caller (see
 * `retryRateLimited`) instead of being waited out inside the client, which would wait for any
 * `Retry-After`; other failures are tried twice more within seconds, not over the client's default
 * half hour, which no worker lives through.
 *
 * @example
 * const web = createWorkerWebClient(botToken, 'https://slack.com/api/');
 */
export function createWorkerWebClient(botToken: string, slackApiUrl: string): WebClient {
  return new WebClient(botToken, {
    slackApiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 },
    timeout: 10_000,
  });
}
