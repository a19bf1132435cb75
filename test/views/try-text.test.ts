import { tryOfTotal } from '../../src/views/try-text';

describe('tryOfTotal', () => {
  it('counts max_tries as retries, so the total is one more', () => {
    expect(tryOfTotal({ tryNumber: 3, maxTries: 3 })).toBe('3 of 4');
    expect(tryOfTotal({ tryNumber: 1, maxTries: 0 })).toBe('1 of 1');
  });

  it('never shows fewer allowed tries than the try in progress (a cleared task runs again)', () => {
    expect(tryOfTotal({ tryNumber: 3, maxTries: 1 })).toBe('3 of 3');
  });

  it('shows the allowance before the first try', () => {
    expect(tryOfTotal({ tryNumber: 0, maxTries: 2 })).toBe('0 of 3');
  });
});
