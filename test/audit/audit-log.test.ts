import { logAuditEvent, type AuditEvent } from '../../src/audit/audit-log';
import type { TaskInstanceAddress } from '../../src/protocol/interaction-types';
import { collectingLogger } from './collecting-logger';

const address: TaskInstanceAddress = {
  deployment: 'prod',
  dagId: 'daily_sales',
  runId: 'scheduled__2026-11-22T00:00:00+00:00',
  taskId: 'load',
  mapIndex: -1,
  tryNumber: 2,
};

/** The line without pino's own time, which the test does not control. */
function withoutTime(line: Record<string, unknown> | undefined): Record<string, unknown> {
  const { time, ...rest } = line ?? {};
  expect(typeof time).toBe('string');
  return rest;
}

describe('logAuditEvent', () => {
  it('writes one info line with exactly the event fields under the message "audit"', () => {
    const { logger, lines } = collectingLogger();
    logAuditEvent(logger, { userId: 'U1', deployment: 'prod', action: 'clear', target: address, outcome: 'refused', reason: 'not an actor' });
    expect(lines).toHaveLength(1);
    expect(withoutTime(lines[0])).toEqual({
      level: 'info',
      service: 'airflow-slack-ops',
      userId: 'U1',
      deployment: 'prod',
      action: 'clear',
      target: {
        deployment: 'prod',
        dagId: 'daily_sales',
        runId: 'scheduled__2026-11-22T00:00:00+00:00',
        taskId: 'load',
        mapIndex: -1,
        tryNumber: 2,
      },
      outcome: 'refused',
      reason: 'not an actor',
      msg: 'audit',
    });
  });

  it('writes a string target as it is and leaves out a missing reason', () => {
    const { logger, lines } = collectingLogger();
    logAuditEvent(logger, { userId: 'U1', deployment: 'prod', action: 'success', target: 'daily_sales (3 task instances)', outcome: 'applied' });
    expect(withoutTime(lines[0])).toEqual({
      level: 'info',
      service: 'airflow-slack-ops',
      userId: 'U1',
      deployment: 'prod',
      action: 'success',
      target: 'daily_sales (3 task instances)',
      outcome: 'applied',
      msg: 'audit',
    });
  });

  it('leaves out everything else the caller passes, in the event or in its target', () => {
    const { logger, lines } = collectingLogger();
    const leaky = {
      userId: 'U1',
      deployment: 'prod',
      action: 'failed',
      target: { ...address, tryNumber: undefined, responseUrl: 'https://hooks.slack.com/actions/T1/1/secret-hook' },
      outcome: 'cancelled',
      botToken: 'xoxb-leak',
      payload: { token: 'verification-leak', trigger_id: 'trigger-leak' },
    } as AuditEvent;
    logAuditEvent(logger, leaky);
    expect(withoutTime(lines[0])).toEqual({
      level: 'info',
      service: 'airflow-slack-ops',
      userId: 'U1',
      deployment: 'prod',
      action: 'failed',
      target: { deployment: 'prod', dagId: 'daily_sales', runId: 'scheduled__2026-11-22T00:00:00+00:00', taskId: 'load', mapIndex: -1 },
      outcome: 'cancelled',
      msg: 'audit',
    });
    expect(JSON.stringify(lines)).not.toMatch(/leak|secret-hook/);
  });

  it('writes the preview id and the request id when the event has them', () => {
    const { logger, lines } = collectingLogger();
    logAuditEvent(logger, { userId: 'U1', deployment: 'prod', action: 'clear', target: 'x', outcome: 'applied', previewId: 'p-123', requestId: 'req-9' });
    logAuditEvent(logger, { userId: 'U1', deployment: 'prod', action: 'clear', target: 'x', outcome: 'applied', requestId: 'req-10' });
    expect(lines[0]).toMatchObject({ previewId: 'p-123', requestId: 'req-9' });
    expect(lines[1]).toMatchObject({ requestId: 'req-10' });
    expect(lines[1]).not.toHaveProperty('previewId');
    expect(lines[1]).not.toHaveProperty('reason');
  });

  it('writes each outcome as given', () => {
    const { logger, lines } = collectingLogger();
    const outcomes = ['allowed', 'refused', 'applied', 'failed', 'cancelled', 'stale'] as const;
    for (const outcome of outcomes) logAuditEvent(logger, { userId: 'U1', deployment: 'prod', action: 'clear', target: address, outcome });
    expect(lines.map((line) => line.outcome)).toEqual([...outcomes]);
    expect(lines.map((line) => line.msg)).toEqual(outcomes.map(() => 'audit'));
  });
});
