import { BotError } from '../../src/errors';
import { auditNotesThatFit, budgetFor, requireTimeForChange } from '../../src/changes/time-budget';

const budget = (remainingMs: number, airflowTimeoutMs = 10_000) => budgetFor({ getRemainingTimeInMillis: () => remainingMs }, airflowTimeoutMs);

describe('the time budget of a webhook action', () => {
  it('starts a change only with one Airflow timeout and a second to answer left', () => {
    expect(() => requireTimeForChange(budget(11_000))).not.toThrow();
    const error = (() => {
      try {
        requireTimeForChange(budget(10_999));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(BotError);
    expect(error).toMatchObject({ kind: 'timeout', userMessage: expect.stringContaining('nothing was changed') });
  });

  it.each([
    [28_000, 5],
    [41_000, 10],
    [20_999, 0],
    [1_000_000, 50],
  ])('fits the audit notes of five task instances per two timeouts: %i ms left → %i notes', (remainingMs, notes) => {
    expect(auditNotesThatFit(budget(remainingMs))).toBe(notes);
  });

  it('has no limit without a Lambda context', () => {
    expect(auditNotesThatFit(budgetFor(undefined, 10_000))).toBe(50);
  });
});
