import { logAuditEvent, type AuditEvent } from '../audit/audit-log';
import type { AuditRecord, AuditTrail } from '../audit/audit-trail';
import type { Clock } from '../clock';
import { BotError } from '../errors';
import type { Logger } from '../logging/logger';
import { actorId, type Actor } from './change';

export interface RecordAuditDeps {
  audit: AuditTrail;
  logger: Logger;
  clock: Clock;
  newId: () => string;
}

/** An attempt to record: the audit event without its actor, which `recordAudit` fills in. */
export type AttemptEvent = Omit<AuditEvent, 'userId'>;

/**
 * Records one attempt: the structured `audit` log line, and one record in the audit trail with who
 * asked (a Slack user with workspace and channel, or `source:<name>`). A trail that cannot be
 * written is logged as an error; with `required`, it also stops the caller (used before a change,
 * so nothing changes unrecorded).
 *
 * @returns whether the trail took the record.
 * @throws `BotError('unavailable')` when `required` and the trail failed.
 */
export async function recordAudit(
  deps: RecordAuditDeps,
  actor: Actor,
  event: AttemptEvent,
  options: { required?: boolean } = {},
): Promise<boolean> {
  const userId = actorId(actor);
  logAuditEvent(deps.logger, { userId, ...event });
  const record: AuditRecord = {
    id: deps.newId(),
    at: new Date(deps.clock()).toISOString(),
    userId,
    ...(actor.kind === 'slack' && actor.userName !== undefined ? { userName: actor.userName } : {}),
    ...(actor.kind === 'slack' && actor.teamId !== undefined ? { teamId: actor.teamId } : {}),
    ...(actor.kind === 'slack' && actor.channelId !== undefined ? { channelId: actor.channelId } : {}),
    deployment: event.deployment,
    action: event.action,
    target: event.target,
    outcome: event.outcome,
    ...(event.reason === undefined ? {} : { reason: event.reason }),
    ...(event.previewId === undefined ? {} : { previewId: event.previewId }),
    ...(event.requestId === undefined ? {} : { requestId: event.requestId }),
  };
  try {
    await deps.audit.append(record);
    return true;
  } catch (error) {
    deps.logger.error({ err: error, auditId: record.id, outcome: record.outcome }, 'could not write the audit trail');
    if (options.required) {
      throw new BotError('unavailable', 'Could not write the audit trail, so nothing was changed. Try again in a moment.', {
        cause: error,
      });
    }
    return false;
  }
}
