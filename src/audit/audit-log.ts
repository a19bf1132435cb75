import type { Logger } from '../logging/logger';
import type { TaskInstanceAddress } from '../protocol/interaction-types';

/** What became of a request to change something. */
export type AuditOutcome = 'allowed' | 'refused' | 'applied' | 'failed' | 'cancelled' | 'stale';

export interface AuditEvent {
  /** The Slack user who asked. */
  userId: string;
  /** The deployment's short name. */
  deployment: string;
  /** What was asked: `success`, `failed`, `clear`, `note`… */
  action: string;
  /** The task instance, or a description of the target when there is no single one. */
  target: TaskInstanceAddress | string;
  outcome: AuditOutcome;
  /** Why, when the outcome needs one (a refusal, a stale preview). */
  reason?: string;
  /** The preview a Confirm or Cancel claimed. */
  previewId?: string;
  /** The Slack request the attempt came from. */
  requestId?: string;
}

/** The fixed message of every audit line, to filter on in CloudWatch Logs Insights. */
export const AUDIT_MESSAGE = 'audit';

/**
 * Writes one structured `info` line for an attempted change. Only the event's own fields are
 * copied, one by one, so whatever else a caller's object holds (a token, a raw payload) stays out.
 *
 * @example
 * logAuditEvent(logger, { userId: 'U1', deployment: 'prod', action: 'clear', target: address, outcome: 'applied' });
 * // {"level":"info",…,"userId":"U1","deployment":"prod","action":"clear","target":{…},"outcome":"applied","msg":"audit"}
 */
export function logAuditEvent(logger: Logger, event: AuditEvent): void {
  const line: Record<string, unknown> = {
    userId: event.userId,
    deployment: event.deployment,
    action: event.action,
    target: typeof event.target === 'string' ? event.target : addressFields(event.target),
    outcome: event.outcome,
  };
  if (event.reason !== undefined) line.reason = event.reason;
  if (event.previewId !== undefined) line.previewId = event.previewId;
  if (event.requestId !== undefined) line.requestId = event.requestId;
  logger.info(line, AUDIT_MESSAGE);
}

function addressFields(address: TaskInstanceAddress): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    deployment: address.deployment,
    dagId: address.dagId,
    runId: address.runId,
    taskId: address.taskId,
    mapIndex: address.mapIndex,
  };
  if (address.tryNumber !== undefined) fields.tryNumber = address.tryNumber;
  return fields;
}
