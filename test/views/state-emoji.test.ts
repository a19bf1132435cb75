import { TASK_STATES } from '../../src/airflow/model';
import { stateEmoji, stateLabel } from '../../src/views/state-emoji';

describe('stateEmoji', () => {
  it.each([
    ['success', ':white_check_mark:'],
    ['failed', ':x:'],
    ['up_for_retry', ':repeat:'],
    ['running', ':arrows_counterclockwise:'],
    ['upstream_failed', ':large_orange_circle:'],
    ['skipped', ':fast_forward:'],
    ['queued', ':hourglass_flowing_sand:'],
  ] as const)('shows %s as %s', (state, emoji) => {
    expect(stateEmoji(state)).toBe(emoji);
  });

  it('has an emoji shortcode for every task state and for no status', () => {
    for (const state of [...TASK_STATES, null]) expect(stateEmoji(state)).toMatch(/^:[a-z0-9_]+:$/);
    expect(stateEmoji(null)).toBe(':white_circle:');
  });
});

describe('stateLabel', () => {
  it('spells states as words', () => {
    expect(stateLabel('up_for_retry')).toBe('up for retry');
    expect(stateLabel(null)).toBe('no status');
  });
});
