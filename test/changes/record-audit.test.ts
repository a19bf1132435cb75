import type { AuditRecord, AuditTrail } from '../../src/audit/audit-trail';
import { createMemoryAuditTrail } from '../../src/audit/audit-trail-memory';
import { recordAudit, type AttemptEvent } from '../../src/changes/record-audit';
import { BotError } from '../../src/errors';
import { collectingLogger } from '../audit/collecting-logger';

const AT = Date.parse('2026-11-22T09:00:00Z');
const TARGET = { deployment: 'prod', dagId: 'etl', runId: 'r1', taskId: 'load', mapIndex: -1 };
const EVENT: AttemptEvent = { deployment: 'prod', action: 'clear', target: TARGET, outcome: 'applied' };

function depsWith(audit: AuditTrail) {
  const { logger, lines } = collectingLogger();
  return { deps: { audit, logger, clock: () => AT, newId: () => 'a1' }, lines };
}

/** A trail that refuses every write, as DynamoDB does when it throttles or is unreachable. */
const brokenTrail: AuditTrail = {
  append: async () => {
    throw new Error('ProvisionedThroughputExceededException');
  },
  recent: async () => [],
  recentByUser: async () => [],
};

describe('recordAudit', () => {
  it('records a Slack user with their name, workspace and channel, and every field of the attempt', async () => {
    const audit = createMemoryAuditTrail({ clock: () => AT });
    const { deps } = depsWith(audit);

    const stored = await recordAudit(
      deps,
      { kind: 'slack', userId: 'U1', userName: 'alice', teamId: 'T1', channelId: 'C1' },
      { ...EVENT, reason: 'stale', previewId: 'p1', requestId: 'r-9' },
    );

    expect(stored).toBe(true);
    expect(audit.all()).toEqual<AuditRecord[]>([
      {
        id: 'a1',
        at: '2026-11-22T09:00:00.000Z',
        userId: 'U1',
        userName: 'alice',
        teamId: 'T1',
        channelId: 'C1',
        deployment: 'prod',
        action: 'clear',
        target: TARGET,
        outcome: 'applied',
        reason: 'stale',
        previewId: 'p1',
        requestId: 'r-9',
      },
    ]);
  });

  it('records a webhook source as source:<name>, with no Slack fields and no empty optional fields', async () => {
    const audit = createMemoryAuditTrail({ clock: () => AT });
    const { deps } = depsWith(audit);

    await recordAudit(deps, { kind: 'source', name: 'dq-monitor' }, EVENT);

    expect(audit.all()).toStrictEqual<AuditRecord[]>([
      { id: 'a1', at: '2026-11-22T09:00:00.000Z', userId: 'source:dq-monitor', deployment: 'prod', action: 'clear', target: TARGET, outcome: 'applied' },
    ]);
  });

  it('leaves out the Slack fields a user lacks', async () => {
    const audit = createMemoryAuditTrail({ clock: () => AT });
    const { deps } = depsWith(audit);

    await recordAudit(deps, { kind: 'slack', userId: 'U2' }, EVENT);

    expect(Object.keys(audit.all()[0]!)).toEqual(['id', 'at', 'userId', 'deployment', 'action', 'target', 'outcome']);
  });

  it('logs a trail it cannot write and answers false, letting the caller go on', async () => {
    const { deps, lines } = depsWith(brokenTrail);

    await expect(recordAudit(deps, { kind: 'slack', userId: 'U1' }, EVENT)).resolves.toBe(false);

    expect(lines.find((line) => line.msg === 'could not write the audit trail')).toMatchObject({ level: 'error', auditId: 'a1', outcome: 'applied' });
  });

  it('stops the caller with an unavailable error when the record is required, saying nothing was changed', async () => {
    const { deps, lines } = depsWith(brokenTrail);

    const attempt = recordAudit(deps, { kind: 'slack', userId: 'U1' }, { ...EVENT, outcome: 'allowed' }, { required: true });

    await expect(attempt).rejects.toThrow(BotError);
    await expect(attempt).rejects.toMatchObject({
      kind: 'unavailable',
      message: 'Could not write the audit trail, so nothing was changed. Try again in a moment.',
      cause: new Error('ProvisionedThroughputExceededException'),
    });
    expect(lines.filter((line) => line.msg === 'could not write the audit trail')).toHaveLength(1);
  });

  it('writes the audit log line with the actor first, whatever the trail does', async () => {
    const { deps, lines } = depsWith(brokenTrail);

    await recordAudit(deps, { kind: 'source', name: 'dq-monitor' }, EVENT);

    expect(lines.find((line) => line.msg === 'audit')).toMatchObject({ userId: 'source:dq-monitor', deployment: 'prod', action: 'clear', outcome: 'applied' });
  });
});
