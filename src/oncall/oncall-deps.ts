import type { AlertLog } from '../alert-log/alert-log';
import type { Clock } from '../clock';
import type { DeploymentRegistry } from '../config/types';
import type { Logger } from '../logging/logger';
import type { SnoozeStore } from '../snoozes/snooze-store';
import type { SlackMessage } from '../views/message';

/** Posts the on-call loop's messages: reminders in an alert's thread, digests in the channel. */
export interface OncallSlack {
  post(message: { channel: string; text: string; blocks?: SlackMessage['blocks']; threadTs?: string }): Promise<void>;
}

/** What one on-call tick talks to. */
export interface OncallDeps {
  registry: DeploymentRegistry;
  log: AlertLog;
  /** The snoozes, for the digest's "Snoozed" list; absent: the digest lists none. */
  snoozes?: Pick<SnoozeStore, 'listSince'>;
  slack: OncallSlack;
  clock: Clock;
  logger: Logger;
  /** A unique id for each digest lease. */
  newOwner: () => string;
}
