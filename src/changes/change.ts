import type { SettableState, TaskAction, TaskInstanceRef } from '../airflow/model';
import { auditLine, neutraliseUserText, userNoteEntry, BOT_LINE_MARKER } from '../audit/audit-note';
import type { SourceAction } from '../config/types';

/**
 * Who asks for a change: a Slack user (with the workspace and channel the request came from, which
 * the permission check and the audit trail use), or a webhook source named in the registry.
 */
export type Actor =
  | { kind: 'slack'; userId: string; userName?: string; teamId?: string; channelId?: string }
  | { kind: 'source'; name: string };

/**
 * What is changed on one task instance. A new kind of change (acknowledge, snooze, an answer to
 * Airflow's human-in-the-loop request) is a new member here and a new case in `applyChange`'s
 * `send`, not a new path.
 */
export type Change =
  | { kind: 'mark'; state: SettableState; upstream: boolean; downstream: boolean }
  | { kind: 'clear'; downstream: boolean }
  | { kind: 'note'; text: string };

/** A change Airflow has applied, as the change listeners (and the audit trail) see it. */
export interface AppliedChange {
  actor: Actor;
  deployment: string;
  /** The task instance the change was asked for. */
  target: TaskInstanceRef;
  change: Change;
  /** `Marked success`, `Cleared`, `Note added`: how it reads in notes, thread lines and alerts. */
  verb: string;
  /** The task instances Airflow changed (for a note: the target). */
  changed: TaskInstanceRef[];
}

/**
 * Told of every applied change, after its audit record and notes. What it does (updating the run's
 * alert) is extra: a failure is logged by the service, never reported as a failed change.
 */
export type ChangeListener = (change: AppliedChange) => Promise<void>;

/**
 * Who did it, as the audit trail and the audit log name an actor: the Slack user id, or
 * `source:<name>` for a webhook source.
 *
 * @example
 * actorId({ kind: 'source', name: 'dq-monitor' }); // 'source:dq-monitor'
 */
export function actorId(actor: Actor): string {
  return actor.kind === 'slack' ? actor.userId : `source:${actor.name}`;
}

/** The Airflow request a mark or clear sends. */
export function taskActionOf(change: Extract<Change, { kind: 'mark' | 'clear' }>): TaskAction {
  return change.kind === 'mark'
    ? { kind: 'set_state', newState: change.state, includeUpstream: change.upstream, includeDownstream: change.downstream }
    : { kind: 'clear', includeUpstream: false, includeDownstream: change.downstream };
}

/** The change a stored Slack preview asks for. */
export function changeOf(action: TaskAction): Extract<Change, { kind: 'mark' | 'clear' }> {
  return action.kind === 'set_state'
    ? { kind: 'mark', state: action.newState, upstream: action.includeUpstream, downstream: action.includeDownstream }
    : { kind: 'clear', downstream: action.includeDownstream };
}

/** A stable short name for the audit trail and log: `mark_success`, `clear`, `note`. */
export function changeName(change: Change): string {
  return change.kind === 'mark' ? `mark_${change.state}` : change.kind;
}

/** "Marked success", "Cleared", "Note added". */
export function changeVerb(change: Change): string {
  if (change.kind === 'mark') return `Marked ${change.state}`;
  return change.kind === 'clear' ? 'Cleared' : 'Note added';
}

/** The permission a source needs for a change (`sourceActions` in the registry). */
export function permissionFor(change: Change): SourceAction {
  return change.kind;
}

/**
 * The bot's line in a changed task instance's note, naming the actor.
 *
 * @example
 * auditLineFor({ kind: 'source', name: 'dq-monitor' }, 'Marked failed', new Date('2026-11-23T09:00:00Z'));
 * // '🤖 Marked failed by source dq-monitor via webhook (2026-11-23 09:00 UTC)'
 */
export function auditLineFor(actor: Actor, verb: string, at: Date): string {
  if (actor.kind === 'slack') {
    return auditLine({ verb, userId: actor.userId, at, ...(actor.userName === undefined ? {} : { userName: actor.userName }) });
  }
  const iso = at.toISOString();
  return `${BOT_LINE_MARKER} ${verb} by source ${actor.name} via webhook (${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC)`;
}

/**
 * What a note becomes in Airflow: its text (never passing for a bot line), then who wrote it.
 *
 * @example
 * noteEntryFor({ kind: 'source', name: 'dq-monitor' }, 'Row count low'); // 'Row count low (source dq-monitor via webhook)'
 */
export function noteEntryFor(actor: Actor, text: string): string {
  if (actor.kind === 'slack') return userNoteEntry(text, actor.userName ? `@${actor.userName}` : `<@${actor.userId}>`);
  return `${neutraliseUserText(text.trim())} (source ${actor.name} via webhook)`;
}
