import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { BotError } from '../errors';
import { retryRateLimited, DEFAULT_RATE_LIMIT_POLICY, type RateLimitPolicy } from './rate-limit';

/** How the worker changes a modal the Slack-facing function opened (Slack's `trigger_id` lives 3 seconds; a view id lives on). */
export interface SlackViews {
  /**
   * Replaces the modal `viewId` with `view`.
   * @throws `BotError('unavailable')` when Slack refuses (the user closed the modal, a rate limit past its budget).
   */
  update(viewId: string, view: View): Promise<void>;
}

/**
 * `views.update` through the bot's Web API client, a 429 waited out like every answer.
 *
 * @example
 * await createSlackViews({ web }).update(job.viewId, hitlFormModal(…));
 */
export function createSlackViews(deps: { web: () => Promise<WebClient>; rateLimit?: RateLimitPolicy }): SlackViews {
  return {
    async update(viewId, view) {
      const web = await deps.web();
      try {
        await retryRateLimited(() => web.views.update({ view_id: viewId, view }), deps.rateLimit ?? DEFAULT_RATE_LIMIT_POLICY);
      } catch (error) {
        throw new BotError('unavailable', 'Slack did not let the bot fill in the form (was it closed?). Open it again from the request.', { cause: error });
      }
    },
  };
}
