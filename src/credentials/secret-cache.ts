import { systemClock, type Clock } from '../clock';
import type { Logger } from '../logging/logger';
import type { SecretSource } from './types';

/** Secret strings by id, fetched at most once per TTL however many callers ask at once. */
export interface SecretCache {
  /** The cached value while it is fresh; otherwise one fetch, shared by everyone asking meanwhile. */
  get(secretId: string): Promise<string>;
  /**
   * Fetches anew (after a 401: the secret may have rotated). Callers arriving while a fetch is
   * under way share it, so a burst of refreshes costs one call.
   */
  refresh(secretId: string): Promise<string>;
  /** Forgets everything; for tests. */
  clear(): void;
}

export interface SecretCacheOptions {
  /** How long a fetched value is trusted. Default: 5 minutes. */
  ttlMs?: number;
  clock?: Clock;
  /** Where fetches are noted (secret ids only). */
  logger?: Logger;
}

/** How long a secret is kept when `ttlMs` is not given. */
export const DEFAULT_SECRET_TTL_MS = 5 * 60 * 1000;

interface Entry {
  value: Promise<string>;
  /** When the fetch succeeded; `undefined` while it is under way. */
  fetchedAt?: number;
}

/**
 * A TTL cache over a `SecretSource`, meant to live at module scope so it survives warm
 * invocations. Written here rather than taken from Powertools Parameters: that one caches values
 * but neither shares a fetch in flight between concurrent callers nor offers a forced refresh that
 * concurrent callers share, and both matter when many requests hit a cold container or a rotated
 * secret at once. Failed fetches are not cached: the next call tries again.
 *
 * @example
 * const secrets = createSecretCache(createSecretsManagerSource(defaultSecretsManagerClient()));
 * const text = await secrets.get('ops-bot/slack');
 */
export function createSecretCache(source: SecretSource, options: SecretCacheOptions = {}): SecretCache {
  const ttlMs = options.ttlMs ?? DEFAULT_SECRET_TTL_MS;
  const clock = options.clock ?? systemClock;
  const entries = new Map<string, Entry>();

  function fetch(secretId: string, reason: 'first use' | 'expired' | 'refresh'): Promise<string> {
    const entry: Entry = { value: source.getSecretString(secretId) };
    entries.set(secretId, entry);
    options.logger?.debug({ secretId, reason }, 'fetching secret');
    entry.value.then(
      () => {
        entry.fetchedAt = clock();
      },
      () => {
        // Only this fetch's own entry is dropped: a `clear` or a newer fetch may have replaced it.
        if (entries.get(secretId) === entry) entries.delete(secretId);
      },
    );
    return entry.value;
  }

  return {
    get(secretId) {
      const entry = entries.get(secretId);
      if (entry === undefined) return fetch(secretId, 'first use');
      if (entry.fetchedAt === undefined || clock() - entry.fetchedAt < ttlMs) return entry.value;
      return fetch(secretId, 'expired');
    },
    refresh(secretId) {
      const entry = entries.get(secretId);
      // A fetch under way started after the value the caller holds was fetched: it is as new.
      if (entry !== undefined && entry.fetchedAt === undefined) return entry.value;
      return fetch(secretId, 'refresh');
    },
    clear() {
      entries.clear();
    },
  };
}
