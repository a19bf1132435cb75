import { LinePrefilter } from '../../src/logs/line-prefilter';

describe('LinePrefilter', () => {
  it('finds the offsets of hits of every pattern, ascending, one per line and pattern', () => {
    const prefilter = new LinePrefilter([/error/i, /SIGKILL/]);
    const text = 'ok\nan Error, another error\nSIGKILL sent\nok\nERROR and SIGKILL';
    expect(prefilter.hits(text)).toEqual([6, 27, 43, 53]);
    expect(prefilter.hits('nothing here\n')).toEqual([]);
  });

  it('tests one line, whatever an earlier search left in its expressions', () => {
    const pattern = /fail/g;
    const prefilter = new LinePrefilter([pattern]);
    prefilter.hits('x fail\ny');
    expect(prefilter.matches('fail at the start')).toBe(true);
    expect(prefilter.matches('fine')).toBe(false);
    expect(pattern.lastIndex).toBe(0);
  });
});
