import type { HomeView, KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { BotError } from '../errors';
import type { UnfurlMessage } from '../protocol/job';
import { DEFAULT_RATE_LIMIT_POLICY, retryRateLimited, type RateLimitPolicy } from './rate-limit';

/** What the worker shows outside a conversation's replies: link unfurls and the App Home. */
export interface SlackSurfaces {
  /**
   * Unfurls links of one message (`chat.unfurl`), each URL exactly as Slack sent it.
   * @throws `BotError('unavailable')` when Slack refuses.
   */
  unfurl(message: UnfurlMessage, unfurls: Readonly<Record<string, { blocks: KnownBlock[] }>>): Promise<void>;
  /**
   * Publishes a user's Home tab (`views.publish`).
   * @throws `BotError('unavailable')` when Slack refuses.
   */
  publishHome(userId: string, view: HomeView): Promise<void>;
}

export interface SlackSurfacesDeps {
  /** The bot's Web API client. */
  web: () => Promise<WebClient>;
  /** How Slack's 429s are waited out. @default DEFAULT_RATE_LIMIT_POLICY */
  rateLimit?: RateLimitPolicy;
}

/**
 * Link unfurls and Home tabs through the Web API with the bot token. A message still being written
 * is unfurled by its `unfurl_id` and `source`, as Slack asks; a posted one by channel and `ts`.
 *
 * @example
 * await createSlackSurfaces({ web }).publishHome('U1', homeTab(input));
 */
export function createSlackSurfaces(deps: SlackSurfacesDeps): SlackSurfaces {
  const policy = deps.rateLimit ?? DEFAULT_RATE_LIMIT_POLICY;
  async function call(what: string, run: (web: WebClient) => Promise<unknown>): Promise<void> {
    const web = await deps.web();
    try {
      await retryRateLimited(() => run(web), policy);
    } catch (error) {
      throw new BotError('unavailable', `Slack did not take the ${what}.`, { cause: error });
    }
  }
  return {
    unfurl: (message, unfurls) =>
      call('unfurl', (web) =>
        web.chat.unfurl(
          message.unfurlId !== undefined && message.source !== undefined
            ? { unfurl_id: message.unfurlId, source: message.source, unfurls: { ...unfurls } }
            : { channel: message.channelId, ts: message.ts, unfurls: { ...unfurls } },
        ),
      ),
    publishHome: (userId, view) => call('home tab', (web) => web.views.publish({ user_id: userId, view })),
  };
}
