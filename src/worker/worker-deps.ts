import type { AirflowClient } from '../airflow/client';
import type { AlertLog } from '../alert-log/alert-log';
import type { ChangeServiceDeps } from '../changes/apply-change';
import type { AcknowledgersOf } from '../changes/change';
import type { BotMetrics } from '../metrics/bot-metrics';
import type { DeploymentRegistry } from '../config/types';
import type { HitlMessageStore } from '../hitl-messages/hitl-message-store';
import type { HitlFormMetadataCodec } from '../protocol/hitl-form-metadata';
import type { SlackReplies } from '../slack-replies/slack-replies';
import type { SlackSurfaces } from '../slack-replies/surfaces';
import type { Snoozing } from './mutations/snooze';
import type { PreviewStore } from './previews/preview-store';

/**
 * Everything the worker talks to, handed in so tests can use local servers and fakes. The change
 * service's own dependencies (access control, audit trail, leases, idempotency, listeners) are
 * part of it: a change from Slack goes through `applyChange` with these.
 */
export interface WorkerDeps extends ChangeServiceDeps {
  registry: DeploymentRegistry;
  airflow: { get(deploymentName: string): AirflowClient };
  replies: SlackReplies;
  /** Link unfurls, Home tabs and the modals the Slack-facing function opened; absent in workers built for other jobs (those jobs then fail loudly). */
  surfaces?: SlackSurfaces;
  /** Previews as shown, claimed once by Confirm or Cancel. */
  previews: PreviewStore;
  /** The slash command as configured (for messages that show a command). */
  slashCommand: string;
  /**
   * Who has acknowledged a run's alert (`undefined`: the run has none): the Acknowledge button's
   * toggle. Absent when alerts are not set up.
   */
  acknowledgersOf?: AcknowledgersOf;
  /** Counts acknowledgements; absent: nothing is counted. */
  metrics?: Pick<BotMetrics, 'acknowledged'>;
  /** The snoozes and the users' time zones; absent without an alert table (snooze commands then say so). */
  snoozing?: Snoozing;
  /** The alert store read back, for `digest`; absent when the bot has no alert table. */
  alertLog?: Pick<AlertLog, 'listChannel' | 'read'>;
  /**
   * The human-in-the-loop requests the bot posted and those answered through it: a request answered
   * already is shown as answered in Slack (naming the Slack user) when it has a Slack answer here.
   * Absent: such a request is shown as Airflow tells it.
   */
  hitlMessages?: HitlMessageStore;
  /** Signs the answer form's metadata (its key comes from the Slack signing secret, loaded on first use). */
  hitlFormMetadata?: () => Promise<HitlFormMetadataCodec>;
}
