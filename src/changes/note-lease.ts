/**
 * A short lease on one task instance's note: the writers of a note take turns, so no one's read,
 * append and write overwrites another's. A lease ends when its holder releases it or, if the holder
 * died, when it expires; an expired lease is taken over.
 */
export interface NoteLease {
  /**
   * Takes the lease on `key` for `ttlMs` when it is free or expired.
   * @returns `true` when `owner` now holds it.
   * @throws `BotError('unavailable')` when the store fails.
   */
  acquire(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease back, if `owner` still holds it. Never throws: an unreleased lease expires. */
  release(key: string, owner: string): Promise<void>;
}

/** Leases in this process's memory, for unit tests and runs without a table. */
export function createMemoryNoteLease(clock: () => number = Date.now): NoteLease {
  const holders = new Map<string, { owner: string; until: number }>();
  return {
    async acquire(key, owner, ttlMs) {
      const now = clock();
      const held = holders.get(key);
      if (held !== undefined && held.until >= now) return false;
      holders.set(key, { owner, until: now + ttlMs });
      return true;
    },
    async release(key, owner) {
      if (holders.get(key)?.owner === owner) holders.delete(key);
    },
  };
}
