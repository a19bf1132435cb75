/** How long to wait for Slack's rate limit, at most, and how often to try. */
export interface RateLimitPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** A `Retry-After` longer than this is not waited for: the function would run out of time. */
  maxWaitMs: number;
  sleep: (ms: number) => Promise<void>;
}

/** The bot's policy, for the worker's replies and the alerts alike: two more tries, waiting at most 20 seconds each. */
export const DEFAULT_RATE_LIMIT_POLICY: RateLimitPolicy = {
  attempts: 3,
  maxWaitMs: 20_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

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

/**
 * Calls `call` again after Slack's `Retry-After` while Slack answers 429, within `policy`. Only a
 * 429 is retried: Slack took nothing, so trying again cannot post twice. The Web API client's own
 * rate-limit handling is turned off (see `slackWebClientOptions`) because it waits for any
 * `Retry-After`, however long, and a function that waits past its timeout loses the answer altogether.
 *
 * @throws the last error when it is not a rate limit, when the tries are used up, or when Slack
 * asks for a longer wait than `policy.maxWaitMs`.
 */
export async function retryRateLimited<T>(call: () => Promise<T>, policy: RateLimitPolicy): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const waitMs = rateLimitWaitMs(error);
      if (waitMs === undefined || attempt >= policy.attempts || waitMs > policy.maxWaitMs) throw error;
      await policy.sleep(waitMs);
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
