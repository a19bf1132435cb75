import type { SlackMessage } from '../views/message';

/**
 * The watcher's own messages in Slack: the outage notices (plain text) and the human-in-the-loop
 * requests (blocks). Built by `src/runtime` on the bot's Web API client.
 */
export interface WatcherSlack {
  /** Posts a plain-text message; its `ts`. */
  post(channel: string, text: string): Promise<string>;
  update(channel: string, ts: string, text: string): Promise<void>;
  /** Posts a message with blocks; its `ts`. */
  postMessage(channel: string, message: SlackMessage): Promise<string>;
  updateMessage(channel: string, ts: string, message: SlackMessage): Promise<void>;
}
