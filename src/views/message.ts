import type { KnownBlock } from '@slack/types';
import type { DeploymentConfig } from '../config/types';

/**
 * A message as the views build it: ready for `respond`, `chat.postEphemeral` or `chat.postMessage`.
 * `text` is the notification fallback (kept ≤ 3000 characters); `blocks` is what Slack shows.
 */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** The part of a deployment a view shows. */
export type DeploymentDisplay = Pick<DeploymentConfig, 'name' | 'displayName'>;
