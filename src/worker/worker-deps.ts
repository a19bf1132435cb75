import type { AirflowClient } from '../airflow/client';
import type { AlertLog } from '../alert-log/alert-log';
import type { ChangeServiceDeps } from '../changes/apply-change';
import type { DeploymentRegistry } from '../config/types';
import type { SlackReplies } from '../slack-replies/slack-replies';
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
  /** Previews as shown, claimed once by Confirm or Cancel. */
  previews: PreviewStore;
  /** The slash command as configured (for messages that show a command). */
  slashCommand: string;
  /** The alert store read back, for `digest`; absent when the bot has no alert table. */
  alertLog?: Pick<AlertLog, 'listChannel' | 'read'>;
}
