import ky, { type KyInstance } from 'ky';
import type { Logger } from '../logging/logger';

/** How failed reads are retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  limit: number;
  /** The first wait; each further wait doubles it. */
  backoffMs: number;
  /** The longest wait a `Retry-After` header may ask for; longer requests are cut to this. */
  maxRetryAfterMs?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { limit: 2, backoffMs: 300, maxRetryAfterMs: 5_000 };

/** Busy or briefly broken servers: worth a second try for a read. 501 and other 5xx are not transient. */
const RETRIED_STATUSES = [429, 500, 502, 503, 504];
const RETRY_AFTER_STATUSES = [429, 503];

export interface KyInstanceOptions {
  apiUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
  retry: RetryPolicy;
  userAgent: string;
  logger?: Logger;
}

/**
 * The one ky instance of a deployment: paths resolve against the deployment's API URL, every
 * attempt has its own timeout, and only GETs are retried (on 429, 5xx and network errors): a
 * repeated PATCH or POST could apply a change twice.
 */
export function createKyInstance(options: KyInstanceOptions): KyInstance {
  const { limit, backoffMs } = options.retry;
  const maxRetryAfter = options.retry.maxRetryAfterMs ?? DEFAULT_RETRY.maxRetryAfterMs ?? 5_000;
  return ky.create({
    prefix: options.apiUrl,
    fetch: options.fetch,
    timeout: options.timeoutMs,
    headers: { 'user-agent': options.userAgent, accept: 'application/json' },
    retry: {
      limit,
      methods: ['get'],
      statusCodes: RETRIED_STATUSES,
      afterStatusCodes: RETRY_AFTER_STATUSES,
      maxRetryAfter,
      delay: (attempt) => backoffMs * 2 ** (attempt - 1),
      backoffLimit: Math.max(maxRetryAfter, backoffMs),
      retryOnTimeout: false,
    },
    hooks: {
      beforeRetry: [
        ({ request, error, retryCount }) => {
          options.logger?.info({ method: request.method, url: request.url, retryCount, error: error.message }, 'Retrying Airflow request');
        },
      ],
    },
  });
}
