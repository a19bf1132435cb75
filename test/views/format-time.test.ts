import { formatDuration, formatElapsed, formatTimestamp, utcText } from '../../src/views/format-time';
import { NOW } from './fixtures';

describe('formatTimestamp', () => {
  it('renders a Slack date token with a UTC fallback', () => {
    expect(formatTimestamp('2024-05-01T02:03:04.567+02:00')).toBe(
      '<!date^1714521784^{date_short_pretty} {time_secs}|2024-05-01 00:03:04 UTC>',
    );
  });

  it('shows a dash for no time and an unparseable one as it came, escaped', () => {
    expect(formatTimestamp(null)).toBe('—');
    expect(formatTimestamp('soon <ish>')).toBe('soon &lt;ish&gt;');
  });
});

describe('utcText', () => {
  it('formats milliseconds as UTC to the second', () => {
    expect(utcText(NOW)).toBe('2024-05-01 00:10:00 UTC');
  });
});

describe('formatDuration', () => {
  it.each([
    [0.44, '0.4s'],
    [9.2, '9.2s'],
    [42, '42s'],
    [303, '5m 03s'],
    [7620, '2h 07m'],
    [273600, '3d 04h'],
  ])('formats %p seconds as %p', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('shows a dash for an unknown, negative or infinite duration', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('formatElapsed', () => {
  it("prefers Airflow's own duration", () => {
    expect(formatElapsed({ startDate: '2024-05-01T00:00:00Z', endDate: null, durationSeconds: 42 }, NOW)).toBe('42s');
  });

  it('measures end minus start when there is no duration', () => {
    expect(formatElapsed({ startDate: '2024-05-01T00:00:00Z', endDate: '2024-05-01T00:01:30Z' }, NOW)).toBe('1m 30s');
  });

  it('measures against now what has not ended', () => {
    expect(formatElapsed({ startDate: '2024-05-01T00:05:00Z', endDate: null, durationSeconds: null }, NOW)).toBe('5m 00s so far');
  });

  it('shows a dash when it never started or the dates do not parse', () => {
    expect(formatElapsed({ startDate: null, endDate: null }, NOW)).toBe('—');
    expect(formatElapsed({ startDate: 'x', endDate: null }, NOW)).toBe('—');
    expect(formatElapsed({ startDate: '2024-05-01T00:00:00Z', endDate: 'y' }, NOW)).toBe('—');
  });
});
