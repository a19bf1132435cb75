import { ChannelLanes, RateLimitedError, retryRateLimited, SHORT_RATE_LIMIT_POLICY, withTimeLeft, type RateLimitPolicy } from '../../src/slack-replies/rate-limit';

/** A policy that records its waits instead of sleeping; `random` fixed so the jitter is known. */
function recorded(overrides: Partial<RateLimitPolicy> = {}): RateLimitPolicy & { waits: number[] } {
  const waits: number[] = [];
  return { maxTotalWaitMs: 60_000, jitter: 0.2, random: () => 0.5, sleep: async (ms) => void waits.push(ms), waits, ...overrides };
}

/** A call Slack refuses with these `Retry-After`s (ms), then answers `'ok'`; `calls` counts the tries. */
function refusedThen(retryAfters: number[]): { call: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    call: async () => {
      const retryAfter = retryAfters[calls];
      calls += 1;
      if (retryAfter !== undefined) throw new RateLimitedError(retryAfter, 'chat.postMessage');
      return 'ok';
    },
    calls: () => calls,
  };
}

describe('retryRateLimited', () => {
  it('waits each Retry-After plus its jitter for as many 429s as the time allows', async () => {
    const policy = recorded();
    const slack = refusedThen([1000, 1000, 1000, 1000, 2000]);

    await expect(retryRateLimited(slack.call, policy)).resolves.toBe('ok');

    expect(policy.waits).toEqual([1100, 1100, 1100, 1100, 2200]);
    expect(slack.calls()).toBe(6);
  });

  it('gives up after about 10 seconds of waits with the short policy of the functions that answer while they wait', async () => {
    const waits: number[] = [];
    const policy: RateLimitPolicy = { ...SHORT_RATE_LIMIT_POLICY, random: () => 0.5, sleep: async (ms) => void waits.push(ms), lanes: undefined };
    const slack = refusedThen(Array.from({ length: 30 }, () => 1000));

    await expect(retryRateLimited(slack.call, policy)).rejects.toMatchObject({ name: 'RateLimitedError' });

    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(10_000);
    expect(waits).toHaveLength(9);
  });

  it('waits a Retry-After of 0 as one second, so it never asks in a tight loop', async () => {
    const policy = recorded({ jitter: 0 });

    await retryRateLimited(refusedThen([0, 0]).call, policy);

    expect(policy.waits).toEqual([1000, 1000]);
  });

  it('throws the 429 without waiting when its Retry-After is longer than the time left', async () => {
    const policy = withTimeLeft(recorded(), () => 4_999);
    const slack = refusedThen([5000]);

    await expect(retryRateLimited(slack.call, policy)).rejects.toMatchObject({ name: 'RateLimitedError', retryAfterMs: 5000 });

    expect((policy as ReturnType<typeof recorded>).waits).toEqual([]);
    expect(slack.calls()).toBe(1);
  });

  it('stops once the waits add up to the policy total, and cuts the jitter rather than wait past it', async () => {
    const policy = recorded({ maxTotalWaitMs: 3_200 });
    const slack = refusedThen([1000, 1000, 1000, 1000]);

    await expect(retryRateLimited(slack.call, policy)).rejects.toMatchObject({ retryAfterMs: 1000 });

    expect(policy.waits).toEqual([1100, 1100, 1000]);
    expect(slack.calls()).toBe(4);
  });

  it('keeps the shorter of two time limits', async () => {
    const policy = withTimeLeft(withTimeLeft(recorded({ jitter: 0 }), () => 10_000), () => 1_500);

    await expect(retryRateLimited(refusedThen([2000]).call, policy)).rejects.toMatchObject({ retryAfterMs: 2000 });
    expect(policy.timeLeftMs?.()).toBe(1_500);
  });

  it('retries nothing but a 429', async () => {
    const policy = recorded();
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw new Error('channel_not_found');
    };

    await expect(retryRateLimited(failing, policy)).rejects.toThrow('channel_not_found');
    expect(calls).toBe(1);
    expect(policy.waits).toEqual([]);
  });

  it('runs the posts into one channel in turn, a refused one tried again before the next goes', async () => {
    const lanes = new ChannelLanes();
    const policy = recorded({ lanes, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms / 100)) });
    const order: string[] = [];
    const post = (name: string, refusals: number) => {
      let left = refusals;
      return async () => {
        order.push(name);
        if (left-- > 0) throw new RateLimitedError(1000, 'chat.postMessage');
        return name;
      };
    };

    const results = await Promise.all([
      retryRateLimited(post('a', 2), policy, { channel: 'C1' }),
      retryRateLimited(post('b', 1), policy, { channel: 'C1' }),
      retryRateLimited(post('other', 0), policy, { channel: 'C2' }),
    ]);

    expect(results).toEqual(['a', 'b', 'other']);
    expect(order.filter((name) => name !== 'other')).toEqual(['a', 'a', 'a', 'b', 'b']);
    expect(order.indexOf('other')).toBeLessThan(order.lastIndexOf('a'));
  });

  it('refuses a post whose turn comes after its time is gone, and lets the next one go', async () => {
    const lanes = new ChannelLanes();
    let left = 1_000;
    const policy = withTimeLeft(recorded({ jitter: 0, lanes, sleep: async () => void (left = 0) }), () => left);
    const sent: string[] = [];
    const first = retryRateLimited(refusedThen([500]).call, policy, { channel: 'C1' });
    const late = retryRateLimited(async () => void sent.push('late'), policy, { channel: 'C1' });

    await expect(first).resolves.toBe('ok');
    await expect(late).rejects.toMatchObject({ name: 'RateLimitedError', message: 'Slack is rate-limiting posts into C1 (the time left went on the posts before) (retry after 1000 ms)' });
    expect(sent).toEqual([]);
    await expect(retryRateLimited(async () => 'next', withTimeLeft(recorded({ lanes }), () => 5_000), { channel: 'C1' })).resolves.toBe('next');
  });
});
