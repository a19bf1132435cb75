import { randomUUID } from 'node:crypto';
import { BotError } from '../errors';
import type { NoteLease } from './note-lease';

/** Long enough for a read, a write and a read back against a slow Airflow; short enough that a crashed holder is soon replaced. */
const LEASE_TTL_MS = 15_000;
/** How often a writer asks for a busy lease before giving up (about 20 seconds of waiting). */
const LEASE_ATTEMPTS = 400;
const LEASE_RETRY_MS = 50;

export interface LeaseDeps {
  noteLease: NoteLease;
  /** Waits between lease attempts; a timer by default. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `work` while holding the lease `key`, waiting (with jitter) while someone else holds it, and
 * releases it afterwards whatever happens.
 *
 * @throws `BotError('unavailable')` when the lease stays busy for about 20 seconds; whatever `work` throws.
 */
export async function withLease<T>(deps: LeaseDeps, key: string, work: () => Promise<T>): Promise<T> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const owner = randomUUID();
  for (let attempt = 1; !(await deps.noteLease.acquire(key, owner, LEASE_TTL_MS)); attempt += 1) {
    if (attempt >= LEASE_ATTEMPTS) {
      throw new BotError('unavailable', 'Someone else is changing this task instance right now. Nothing was changed: try again in a moment.', {
        details: { reason: 'lease busy', key },
      });
    }
    // Jitter, so writers that collided once do not collide again in step.
    await sleep(LEASE_RETRY_MS / 2 + Math.random() * LEASE_RETRY_MS);
  }
  try {
    return await work();
  } finally {
    await deps.noteLease.release(key, owner);
  }
}
