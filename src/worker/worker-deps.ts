import type { AirflowClient } from '../airflow/client';
import type { Clock } from '../clock';
import type { DeploymentRegistry } from '../config/types';
import type { Logger } from '../logging/logger';
import type { AccessControl } from '../access/access-control';
import type { PreviewLedger } from './preview-ledger';
import type { SlackReplies } from './slack-replies';
import type { ChangeListener } from './change-listener';

/** Everything the worker talks to, handed in so tests can use local servers and fakes. */
export interface WorkerDeps {
  registry: DeploymentRegistry;
  airflow: { get(deploymentName: string): AirflowClient };
  access: AccessControl;
  replies: SlackReplies;
  ledger: PreviewLedger;
  logger: Logger;
  clock: Clock;
  /** The slash command as configured (for messages that show a command). */
  slashCommand: string;
  /** Ids for previews; random in production. */
  newId: () => string;
  /** Told of every change applied from Slack (alerts update themselves with it); optional. */
  onChange?: ChangeListener;
}
