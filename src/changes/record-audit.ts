import { logAuditEvent, type AuditEvent } from '../audit/audit-log';
import type { AuditRecord } from '../audit/audit-trail';
import { BotError } from '../errors';
import type { SlackRequestContext } from '../protocol/job';
import type { WorkerDeps } from '../worker/worker-deps';

/**
 * Records one attempt: the structured `audit` log line, and one record in the audit trail with who
 * asked, from which workspace and channel. A trail that cannot be written is logged as an error;
 * with `required`, it also stops the caller (used before a change, so nothing changes unrecorded).
 *
 * @returns whether the trail took the record.
 * @throws `BotError('unavailable')` when `required` and the trail failed.
 */
export async function recordAudit(
  deps: Pick<WorkerDeps, 'audit' | 'logger' | 'clock' | 'newId'>,
  ctx: SlackRequestContext,
  event: AuditEvent,
  options: { required?: boolean } = {},
): Promise<boolean> {
  logAuditEvent(deps.logger, event);
  const record: AuditRecord = {
    id: deps.newId(),
    at: new Date(deps.clock()).toISOString(),
    userId: event.userId,
    ...(ctx.userName === undefined ? {} : { userName: ctx.userName }),
    ...(ctx.teamId === undefined ? {} : { teamId: ctx.teamId }),
    ...(ctx.channelId === undefined ? {} : { channelId: ctx.channelId }),
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
