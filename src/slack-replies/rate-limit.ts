/** How long the bot waits for Slack's rate limit: by time, not by tries. */
export interface RateLimitPolicy {
  /** The longest one call waits for Slack, its waits added up. @default 60_000 */
  maxTotalWaitMs: number;
  /**
   * How long the caller may still wait, read before each wait: the Lambda invocation's remaining
   * time less what the work after the wait needs (see `withTimeLeft`). A `Retry-After` longer than
   * this, or than what is left of `maxTotalWaitMs`, is not waited for: the function would run out
   * of time and lose the answer. Absent: only `maxTotalWaitMs` bounds the waits.
   */
  timeLeftMs?: () => number;
  /**
   * Each wait is `Retry-After` plus a random part of up to this share of it, so jobs that Slack
   * turned away together (one per container) do not all come back in the same instant. @default 0.2
   */
  jitter: number;
  /** A number in [0, 1), for the jitter. @default Math.random */
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  /**
   * Posts into one channel (`retryRateLimited(…, { channel })`) go one at a time in this process,
   * each with its waits, in the order they came. Absent: they go at once.
   */
  lanes?: ChannelLanes;
}

/** Runs work one item at a time per key, in the order it was handed in. */
export class ChannelLanes {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` once everything handed in before it for `key` has settled. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

/**
 * The bot's one policy, for the worker's replies, the alerts and the watcher alike: Slack's
 * `Retry-After` honoured, with jitter, for up to a minute per call, and posts into a channel one
 * at a time per process (Slack allows about one message a second per channel after a short
 * burst). Callers that know their invocation's remaining time narrow it with `withTimeLeft`.
 */
export const DEFAULT_RATE_LIMIT_POLICY: RateLimitPolicy = {
  maxTotalWaitMs: 60_000,
  jitter: 0.2,
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  lanes: new ChannelLanes(),
};

/**
 * The policy of a function that answers its caller while it waits (the webhook actions, 28 s; the
 * failure reporter, 30 s) and has no time to wait a burst out: at most 10 seconds of waits in all.
 */
export const SHORT_RATE_LIMIT_POLICY: RateLimitPolicy = { ...DEFAULT_RATE_LIMIT_POLICY, maxTotalWaitMs: 10_000 };

/**
 * `policy`, waiting no longer than `timeLeftMs()` nor than the policy already allowed.
 *
 * @example
 * const policy = withTimeLeft(DEFAULT_RATE_LIMIT_POLICY, () => context.getRemainingTimeInMillis() - 15_000);
 */
export function withTimeLeft(policy: RateLimitPolicy, timeLeftMs: () => number): RateLimitPolicy {
  const outer = policy.timeLeftMs;
  return { ...policy, timeLeftMs: outer === undefined ? timeLeftMs : () => Math.min(outer(), timeLeftMs()) };
}

/**
 * The policy for one Lambda invocation: `policy`, waiting only while the invocation has more than
 * `reserveMs` left (kept for the call after the wait and the work after it). Without an
 * invocation (a local run, a test), `policy` as it is.
 *
 * @example
 * export const handler = async (job, context) => processAlert(job, { ...deps, rateLimit: rateLimitPolicyFor(context, 15_000) });
 */
export function rateLimitPolicyFor(
  invocation: { getRemainingTimeInMillis(): number } | undefined,
  reserveMs: number,
  policy: RateLimitPolicy = DEFAULT_RATE_LIMIT_POLICY,
): RateLimitPolicy {
  return invocation === undefined ? policy : withTimeLeft(policy, () => invocation.getRemainingTimeInMillis() - reserveMs);
}

/** Slack answered 429; `retryAfterMs` is its `Retry-After`, in milliseconds. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(
    readonly retryAfterMs: number,
    readonly where: string,
  ) {
    super(`Slack is rate-limiting ${where} (retry after ${retryAfterMs} ms)`);
  }
}

/** Slack sends whole seconds; a `Retry-After: 0` is waited as one, so a job never asks in a tight loop. */
const MIN_WAIT_MS = 1000;

/**
 * Calls `call` again after Slack's `Retry-After` (plus jitter) while Slack answers 429 and the
 * policy has time left. Only a 429 is retried: Slack took nothing, so trying again cannot post
 * twice. The Web API client's own rate-limit handling is turned off (see `slackWebClientOptions`)
 * because it waits for any `Retry-After`, however long, and a function that waits past its
 * timeout loses the answer altogether.
 *
 * Pass `channel` for a `chat.postMessage`: Slack limits posts per channel, so the posts into one
 * channel wait for each other here (`policy.lanes`) instead of all meeting the same 429.
 *
 * @throws the error when it is not a rate limit, the last rate-limit error when Slack asks for a
 *   longer wait than the policy has left, or a `RateLimitedError` when a post's turn in its
 *   channel comes after the policy's time left is gone.
 */
export async function retryRateLimited<T>(call: () => Promise<T>, policy: RateLimitPolicy, target: { channel?: string } = {}): Promise<T> {
  const { channel } = target;
  if (channel === undefined || policy.lanes === undefined) return callWithinPolicy(call, policy);
  return policy.lanes.run(channel, async () => {
    // Its turn came too late: posting now could outlive the caller (a Lambda invocation, a lease).
    if ((policy.timeLeftMs?.() ?? 1) <= 0) throw new RateLimitedError(MIN_WAIT_MS, `posts into ${channel} (the time left went on the posts before)`);
    return callWithinPolicy(call, policy);
  });
}

async function callWithinPolicy<T>(call: () => Promise<T>, policy: RateLimitPolicy): Promise<T> {
  let waited = 0;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const asked = rateLimitWaitMs(error);
      if (asked === undefined) throw error;
      const retryAfter = Math.max(MIN_WAIT_MS, asked);
      const left = Math.min(policy.maxTotalWaitMs - waited, policy.timeLeftMs?.() ?? Number.POSITIVE_INFINITY);
      if (retryAfter > left) throw error;
      const wait = Math.min(left, Math.round(retryAfter * (1 + policy.jitter * policy.random())));
      await policy.sleep(wait);
      waited += wait;
    }
  }
}

/** The wait a rate-limit error asks for: ours, or the Web API client's (`retryAfter` in seconds). */
export function rateLimitWaitMs(error: unknown): number | undefined {
  if (error instanceof RateLimitedError) return error.retryAfterMs;
  const coded = error as { code?: unknown; retryAfter?: unknown } | null;
  if (coded?.code === 'slack_webapi_rate_limited_error' && typeof coded.retryAfter === 'number') return coded.retryAfter * 1000;
  return undefined;
}

/** `Retry-After` in seconds (Slack sends whole seconds); one second when it is missing or unreadable. */
export function retryAfterMs(header: string | null): number {
  const seconds = header === null ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000;
}
