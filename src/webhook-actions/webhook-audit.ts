import type { AirflowClient } from '../airflow/client';
import type { TaskInstanceRef } from '../airflow/model';
import { logAuditEvent, type AuditOutcome } from '../audit/audit-log';
import { BOT_LINE_MARKER, neutraliseUserText } from '../audit/audit-note';
import type { Logger } from '../logging/logger';
import type { TaskInstanceAddress } from '../protocol/interaction-types';
import { writeAuditNotes } from '../changes/audit-notes';
import type { NoteWriterDeps } from '../changes/append-to-note';

/** Who did it, as the audit trail names a webhook source: `source:dq-monitor`. */
export function sourceActor(sourceName: string): string {
  return `source:${sourceName}`;
}

/**
 * The line recorded in a task instance's note after a webhook action: a bot line (it starts with
 * the bot's marker), so it may make room for people's text when the note is full, as Slack's do.
 *
 * @example
 * webhookAuditLine({ verb: 'Marked failed', source: 'dq-monitor', at: new Date('2026-11-23T09:00:00Z') });
 * // '🤖 Marked failed by source dq-monitor via webhook (2026-11-23 09:00 UTC)'
 */
export function webhookAuditLine(input: { verb: string; source: string; at: Date }): string {
  const iso = input.at.toISOString();
  return `${BOT_LINE_MARKER} ${input.verb} by source ${input.source} via webhook (${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC)`;
}

/** What a note sent by a source becomes in Airflow: its text (never passing for a bot line), then who sent it. */
export function webhookNoteLine(text: string, source: string): string {
  return `${neutraliseUserText(text.trim())} (source ${source} via webhook)`;
}

/** One audit log line for a webhook action, in the same shape as the Slack actions' lines. */
export function logWebhookAudit(
  logger: Logger,
  event: { source: string; deployment: string; action: string; target: TaskInstanceAddress; outcome: AuditOutcome; reason?: string },
): void {
  logAuditEvent(logger, {
    userId: sourceActor(event.source),
    deployment: event.deployment,
    action: event.action,
    target: event.target,
    outcome: event.outcome,
    ...(event.reason === undefined ? {} : { reason: event.reason }),
  });
}

/**
 * Appends the audit line to the notes of the task instances an action changed, through the same
 * code as the Slack actions (under each note's lease, read back to verify; a note that cannot be
 * written is logged, not fatal). At most `maxNotes` are written: the call must answer within API
 * Gateway's limit.
 *
 * @returns how many notes were written.
 */
export async function recordInAirflow(
  deps: NoteWriterDeps & { logger: Logger },
  client: AirflowClient,
  deploymentName: string,
  changed: readonly TaskInstanceRef[],
  line: string,
  maxNotes: number,
): Promise<number> {
  if (maxNotes <= 0) return 0;
  const result = await writeAuditNotes(deps, client, deploymentName, changed.slice(0, maxNotes), line);
  return result.written;
}
