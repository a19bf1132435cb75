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
  | { kind: 'note'; text: string }
  /**
   * "I am looking at it": recorded in the audit trail and on the run's alert (by its change
   * listener); nothing is sent to Airflow and no note is written.
   */
  | { kind: 'acknowledge' }
  /** Takes back `userId`'s acknowledgement: theirs to take back, or an actor's. Nothing is sent to Airflow. */
  | { kind: 'unacknowledge'; userId: string }
  /**
   * An answer to Airflow's human-in-the-loop request on the task instance: the request made at
   * `createdAt` (a later try's request is another one, never answered by this change), the options
   * chosen and the params filled in.
   */
  | { kind: 'answer'; createdAt: string; chosenOptions: string[]; paramsInput: Record<string, unknown> };

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
 * Who has acknowledged a run's alert (Slack user ids, in order), as the alert feature knows it, or
 * `undefined` when the run has no alert: how the one Acknowledge button tells an acknowledgement
 * from taking one's own back. Handed to the Slack worker by `src/runtime`.
 */
export type AcknowledgersOf = (run: { deployment: string; dagId: string; runId: string }) => Promise<readonly string[] | undefined>;

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

/** A stable short name for the audit trail and log: `mark_success`, `clear`, `note`, `acknowledge`, `unacknowledge`, `answer`. */
export function changeName(change: Change): string {
  return change.kind === 'mark' ? `mark_${change.state}` : change.kind;
}

/** "Marked success", "Cleared", "Note added", "Acknowledged", "Took back acknowledgement", "Answered Approve". */
export function changeVerb(change: Change): string {
  switch (change.kind) {
    case 'mark':
      return `Marked ${change.state}`;
    case 'clear':
      return 'Cleared';
    case 'note':
      return 'Note added';
    case 'acknowledge':
      return 'Acknowledged';
    case 'unacknowledge':
      return 'Took back acknowledgement';
    case 'answer':
      return `Answered ${change.chosenOptions.join(', ')}`;
  }
}

/** True for the changes that send nothing to Airflow: they live in the audit trail and on the alert. */
export function isAcknowledgement(change: Change): change is Extract<Change, { kind: 'acknowledge' | 'unacknowledge' }> {
  return change.kind === 'acknowledge' || change.kind === 'unacknowledge';
}

/**
 * The permission a source needs for a change (`sourceActions` in the registry); `undefined` for
 * an acknowledgement or an answer to a human-in-the-loop request, which only a person gives.
 */
export function permissionFor(change: Change): SourceAction | undefined {
  return isAcknowledgement(change) || change.kind === 'answer' ? undefined : change.kind;
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
