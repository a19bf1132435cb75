import type { AirflowClient } from '../airflow/client';
import type { Clock } from '../clock';
import type { DeploymentRegistry } from '../config/types';
import type { Logger } from '../logging/logger';
import type { AccessControl } from '../access/access-control';
import type { AuditTrail } from '../audit/audit-trail';
import type { NoteLease } from '../changes/note-lease';
import type { PreviewLedger } from './preview-ledger';
import type { PreviewStore } from './previews/preview-store';
import type { SlackReplies } from '../slack-replies/slack-replies';
import type { ChangeListener } from './change-listener';

/** Everything the worker talks to, handed in so tests can use local servers and fakes. */
export interface WorkerDeps {
  registry: DeploymentRegistry;
  airflow: { get(deploymentName: string): AirflowClient };
  access: AccessControl;
  replies: SlackReplies;
  /** Request ids already handled, so a redelivered job changes nothing twice. */
  ledger: PreviewLedger;
  /** Previews as shown, claimed once by Confirm or Cancel. */
  previews: PreviewStore;
  /** The durable record of every attempt. */
  audit: AuditTrail;
  /** Serializes the writers of one task instance's note. */
  noteLease: NoteLease;
  logger: Logger;
  clock: Clock;
  /** The slash command as configured (for messages that show a command). */
  slashCommand: string;
  /** Ids for previews and audit records; random in production. */
  newId: () => string;
  /** Waits between attempts at a busy note lease; a timer by default. */
  sleep?: (ms: number) => Promise<void>;
  /** Told of every change applied from Slack (alerts update themselves with it); optional. */
  onChange?: ChangeListener;
}
