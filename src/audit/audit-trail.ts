import type { TaskInstanceAddress } from '../protocol/interaction-types';
import type { AuditOutcome } from './audit-log';

/** How long an audit record is kept when no TTL is configured (`AUDIT_TTL_DAYS`). */
export const DEFAULT_AUDIT_TTL_DAYS = 400;

/** One attempt to change (or read) something, as stored in the audit trail. Never updated. */
export interface AuditRecord {
  /** Unique per attempt. */
  id: string;
  /** When it happened, ISO 8601 UTC. */
  at: string;
  userId: string;
  userName?: string;
  teamId?: string;
  channelId?: string;
  deployment: string;
  action: string;
  target: TaskInstanceAddress | string;
  previewId?: string;
  outcome: AuditOutcome;
  reason?: string;
  /** The Slack request (or job) the attempt came from. */
  requestId?: string;
}

/**
 * The durable, append-only record of who tried what. Records are added, read back newest first,
 * and never changed: an implementation refuses to overwrite one.
 */
export interface AuditTrail {
  /**
   * Stores one record.
   * @throws `BotError('unavailable')` when the store cannot take it.
   */
  append(record: AuditRecord): Promise<void>;
  /**
   * The most recent records about `subject` (see {@link auditSubject}), newest first, expired ones left out.
   * @throws `BotError('unavailable')` when the store cannot be read.
   */
  recent(subject: string, limit: number): Promise<AuditRecord[]>;
  /**
   * The most recent records of one actor (`userId`: a Slack user id, or `source:<name>`), newest
   * first, expired ones left out: what the App Home shows as "your last actions".
   * @throws `BotError('unavailable')` when the store cannot be read.
   */
  recentByUser(userId: string, limit: number): Promise<AuditRecord[]>;
}

/**
 * The audit table's index by actor: partition key `userId` (every record has one), sort key
 * `sortKey` (time first), so one user's latest records are one query.
 */
export const AUDIT_BY_USER_INDEX = 'byUser';

/**
 * The key records of one task instance (or one other target) share. JSON, so no id, whatever it
 * contains, can make two different targets collide.
 *
 * @example
 * auditSubject('prod', { deployment: 'prod', dagId: 'etl', runId: 'r1', taskId: 'load', mapIndex: -1 })
 * // '["prod","etl","r1","load",-1]'
 */
export function auditSubject(deployment: string, target: TaskInstanceAddress | string): string {
  if (typeof target === 'string') return JSON.stringify([deployment, target]);
  return JSON.stringify([deployment, target.dagId, target.runId, target.taskId, target.mapIndex]);
}

/** Epoch seconds at which a record written at `atMs` may be deleted by the table's TTL. */
export function auditExpiry(atMs: number, ttlDays: number): number {
  return Math.ceil(atMs / 1000) + ttlDays * 24 * 60 * 60;
}
