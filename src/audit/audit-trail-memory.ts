import { systemClock, type Clock } from '../clock';
import { BotError } from '../errors';
import { auditExpiry, auditSubject, DEFAULT_AUDIT_TTL_DAYS, type AuditRecord, type AuditTrail } from './audit-trail';

/**
 * An audit trail in this process's memory, for unit tests and runs without a table. It follows the
 * DynamoDB trail's rules (no overwrite, expiry checked on read) but is lost with the process.
 */
export function createMemoryAuditTrail(options: { clock?: Clock; ttlDays?: number } = {}): AuditTrail & {
  all(): AuditRecord[];
} {
  const clock = options.clock ?? systemClock;
  const ttlDays = options.ttlDays ?? DEFAULT_AUDIT_TTL_DAYS;
  const records: Stored[] = [];
  return {
    async append(record) {
      const key = `${record.at}#${record.id}`;
      const subject = auditSubject(record.deployment, record.target);
      if (records.some((stored) => stored.subject === subject && stored.key === key)) {
        throw new BotError('unavailable', 'Could not write the audit trail. Try again in a moment.', {
          details: { reason: 'record exists' },
        });
      }
      records.push({ subject, key, expiresAt: auditExpiry(Date.parse(record.at), ttlDays), record: structuredClone(record) });
    },
    async recent(subject, limit) {
      return newest((stored) => stored.subject === subject, limit);
    },
    async recentByUser(userId, limit) {
      return newest((stored) => stored.record.userId === userId, limit);
    },
    all: () => records.map((stored) => structuredClone(stored.record)),
  };

  function newest(match: (stored: Stored) => boolean, limit: number): AuditRecord[] {
    const nowSeconds = clock() / 1000;
    return records
      .filter((stored) => match(stored) && stored.expiresAt > nowSeconds)
      .sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0))
      .slice(0, limit)
      .map((stored) => structuredClone(stored.record));
  }
}

interface Stored {
  subject: string;
  key: string;
  expiresAt: number;
  record: AuditRecord;
}
