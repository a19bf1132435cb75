import type { HomeView, KnownBlock, View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { BotError } from '../errors';
import type { UnfurlMessage } from '../protocol/job';
import { DEFAULT_RATE_LIMIT_POLICY, retryRateLimited, type RateLimitPolicy } from './rate-limit';

/** What the worker shows outside a conversation's replies: link unfurls, the App Home, and modals the Slack-facing function opened. */
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
  /**
   * Replaces the modal `viewId` with `view` (`views.update`): Slack's `trigger_id` lives 3 seconds,
   * so the Slack-facing function opens a modal and the worker fills it.
   * @throws `BotError('unavailable')` when Slack refuses (the user closed the modal, a rate limit past its budget).
   */
  updateView(viewId: string, view: View): Promise<void>;
}

export interface SlackSurfacesDeps {
  /** The bot's Web API client. */
  web: () => Promise<WebClient>;
  /** How Slack's 429s are waited out. @default DEFAULT_RATE_LIMIT_POLICY */
  rateLimit?: RateLimitPolicy;
}

/**
 * Link unfurls, Home tabs and modal updates through the Web API with the bot token. A message still being written
 * is unfurled by its `unfurl_id` and `source`, as Slack asks; a posted one by channel and `ts`.
 *
 * @example
 * await createSlackSurfaces({ web }).publishHome('U1', homeTab(input));
 */
export function createSlackSurfaces(deps: SlackSurfacesDeps): SlackSurfaces {
  const policy = deps.rateLimit ?? DEFAULT_RATE_LIMIT_POLICY;
  async function call(refused: string, run: (web: WebClient) => Promise<unknown>): Promise<void> {
    const web = await deps.web();
    try {
      await retryRateLimited(() => run(web), policy);
    } catch (error) {
      throw new BotError('unavailable', refused, { cause: error });
    }
  }
  return {
    unfurl: (message, unfurls) =>
      call('Slack did not take the unfurl.', (web) =>
        web.chat.unfurl(
          message.unfurlId !== undefined && message.source !== undefined
            ? { unfurl_id: message.unfurlId, source: message.source, unfurls: { ...unfurls } }
            : { channel: message.channelId, ts: message.ts, unfurls: { ...unfurls } },
        ),
      ),
    publishHome: (userId, view) => call('Slack did not take the home tab.', (web) => web.views.publish({ user_id: userId, view })),
    updateView: (viewId, view) =>
      call('Slack did not let the bot fill in the form (was it closed?). Open it again from the request.', (web) => web.views.update({ view_id: viewId, view })),
  };
}
