import { createHash } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { BotError } from '../errors';

/** How long a key is remembered when no expiry is given: Standard Webhooks senders retry for about a day. */
export const RUN_ONCE_TTL_SECONDS = 24 * 60 * 60;

/** What a call with a key got: the work's value, and whether it is a replay of an earlier call's. */
export interface OnceResult<T> {
  value: T;
  /** `true` when `work` did not run: the value is the one the first call with this key stored. */
  replayed: boolean;
}

/**
 * Runs work at most once per key: the bot's one idempotency approach (alert deliveries, webhook
 * changes, redelivered Slack notes). The first call with a key runs `work` and keeps its value;
 * later calls with the same key and payload get that value without running anything.
 */
export interface RunOnce {
  /**
   * @throws `BotError('conflict')` with `details.reason` `in_progress` (a call with this key is
   *   still running) or `payload_mismatch` (the key was used with another payload);
   *   `BotError('unavailable')` when the store fails before the work ran. Whatever `work` throws
   *   is thrown as is, and the key is freed so the caller may try again.
   */
  run<T>(key: string, payload: unknown, work: () => Promise<T>, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<OnceResult<T>>;
}

/** The two conflicts, worded for whoever sent the request. */
export function inProgress(cause?: unknown): BotError {
  return new BotError('conflict', 'The same request is still being processed; send it again in a few seconds to get its answer.', {
    cause,
    details: { reason: 'in_progress' },
  });
}

export function payloadMismatch(cause?: unknown): BotError {
  return new BotError('conflict', 'This idempotency key was already used with a different body; nothing was changed.', {
    cause,
    details: { reason: 'payload_mismatch' },
  });
}

/** Whether `error` says the key's first call is still running. */
export function isInProgress(error: unknown): boolean {
  return error instanceof BotError && error.details.reason === 'in_progress';
}

export interface MemoryRunOnceOptions {
  clock?: () => number;
  expiresAfterSeconds?: number;
}

/**
 * Keys in this process's memory, for local runs without a table and for tests. Not shared between
 * Lambda instances (use the DynamoDB store there).
 *
 * @example
 * const once = createMemoryRunOnce();
 * await once.run('k', body, work); // { value, replayed: false }
 * await once.run('k', body, work); // { value, replayed: true }, work not run
 */
export function createMemoryRunOnce(options: MemoryRunOnceOptions = {}): RunOnce {
  const clock = options.clock ?? Date.now;
  const ttlMs = (options.expiresAfterSeconds ?? RUN_ONCE_TTL_SECONDS) * 1000;
  const records = new Map<string, { hash: string; until: number; done: boolean; value?: unknown }>();
  return {
    async run<T>(key: string, payload: unknown, work: () => Promise<T>) {
      const now = clock();
      const hash = hashOf(payload);
      const held = records.get(key);
      if (held !== undefined && held.until > now) {
        if (held.hash !== hash) throw payloadMismatch();
        if (!held.done) throw inProgress();
        return { value: structuredClone(held.value) as T, replayed: true };
      }
      records.set(key, { hash, until: now + ttlMs, done: false });
      try {
        const value = await work();
        records.set(key, { hash, until: now + ttlMs, done: true, value: structuredClone(value) });
        return { value, replayed: false };
      } catch (error) {
        records.delete(key);
        throw error;
      }
    },
  };
}

function hashOf(payload: unknown): string {
  return createHash('sha256').update(JSON.stringify(payload ?? null)).digest('hex');
}
