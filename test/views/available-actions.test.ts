import { availableActions } from '../../src/views/available-actions';

describe('availableActions', () => {
  it.each([
    ['failed', ['viewLogs', 'markSuccess', 'clear', 'addNote', 'refresh']],
    ['success', ['viewLogs', 'markFailed', 'clear', 'addNote', 'refresh']],
    ['running', ['viewLogs', 'markSuccess', 'markFailed', 'clear', 'addNote', 'refresh']],
    ['up_for_retry', ['viewLogs', 'markSuccess', 'markFailed', 'clear', 'addNote', 'refresh']],
    ['upstream_failed', ['viewLogs', 'markSuccess', 'markFailed', 'clear', 'addNote', 'refresh']],
    ['skipped', ['viewLogs', 'markSuccess', 'markFailed', 'clear', 'addNote', 'refresh']],
    ['scheduled', ['viewLogs', 'markSuccess', 'markFailed', 'addNote', 'refresh']],
    ['removed', ['viewLogs', 'addNote', 'refresh']],
    [null, ['viewLogs', 'markSuccess', 'markFailed', 'addNote', 'refresh']],
  ] as const)('offers the right buttons for state %p', (state, expected) => {
    expect(availableActions(state)).toEqual(expected);
  });

  it('leaves out View logs before the first try', () => {
    expect(availableActions(null, { tryNumber: 0 })).toEqual(['markSuccess', 'markFailed', 'addNote', 'refresh']);
    expect(availableActions('queued', { tryNumber: 0 })).toEqual(['markSuccess', 'markFailed', 'clear', 'addNote', 'refresh']);
  });
});
