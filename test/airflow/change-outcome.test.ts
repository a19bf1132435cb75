import { changeMayHaveApplied, mayHaveBeenApplied } from '../../src/airflow/change-outcome';
import { BotError, type BotErrorKind } from '../../src/errors';

const error = (kind: BotErrorKind, details?: Record<string, unknown>) => new BotError(kind, 'x', details === undefined ? {} : { details });

describe('changeMayHaveApplied', () => {
  it('is true after a timeout, a broken or server-error answer, or a bug', () => {
    expect(changeMayHaveApplied(error('timeout'))).toBe(true);
    expect(changeMayHaveApplied(error('unavailable'))).toBe(true);
    expect(changeMayHaveApplied(error('unavailable', { status: 500 }))).toBe(true);
    expect(changeMayHaveApplied(error('unavailable', { code: 'ECONNRESET' }))).toBe(true);
    expect(changeMayHaveApplied(error('unavailable', { code: 7 }))).toBe(true);
    expect(changeMayHaveApplied(error('internal'))).toBe(true);
  });

  it('is false when Airflow refused, rate limited, or was never reached', () => {
    for (const kind of ['not_found', 'unauthorized', 'forbidden', 'conflict', 'invalid', 'config', 'credentials', 'permission_denied', 'usage'] as const) {
      expect(changeMayHaveApplied(error(kind))).toBe(false);
    }
    expect(changeMayHaveApplied(error('unavailable', { status: 429 }))).toBe(false);
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']) expect(changeMayHaveApplied(error('unavailable', { code }))).toBe(false);
  });
});

describe('mayHaveBeenApplied', () => {
  it('ends the failure as a sentence, then says what to do', () => {
    const advice = ' The change may have been applied: press Refresh on the card (or look in Airflow) before trying again.';
    expect(mayHaveBeenApplied('prod: Airflow did not answer within 10 s for load')).toBe(`prod: Airflow did not answer within 10 s for load.${advice}`);
    expect(mayHaveBeenApplied('Something went wrong. The details are in its logs.')).toBe(`Something went wrong. The details are in its logs.${advice}`);
    expect(mayHaveBeenApplied('Stop!')).toBe(`Stop!${advice}`);
    expect(mayHaveBeenApplied('Really?')).toBe(`Really?${advice}`);
  });
});
