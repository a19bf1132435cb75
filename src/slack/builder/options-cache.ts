import { systemClock, type Clock } from '../../clock';

/** What {@link OptionsCache.get} found within its budget. */
export type CacheRead<V> =
  /** `fresh`: younger than `freshMs`; otherwise an older value, served while a new one is fetched. */
  | { status: 'fresh' | 'stale'; value: V }
  /** Nothing to serve yet: the fetch is still running (it goes on, for the next keystroke). */
  | { status: 'pending' }
  /** The fetch failed and nothing older is kept. */
  | { status: 'failed'; error: unknown };

export interface OptionsCacheOptions<V, A> {
  /** Fetches the value of `key`; `asker` is who caused the fetch (the worker checks them). */
  fetch: (key: string, asker: A) => Promise<V>;
  /** A value younger than this is served without asking again. */
  freshMs: number;
  /** An older value is still served (while a new one is fetched) up to this age; then it is dropped. */
  maxStaleMs: number;
  /** At most this many keys are kept; the least recently used goes first. Default 50. */
  maxEntries?: number;
  clock?: Clock;
}

/** Values by key (a deployment, a DAG, a run), kept in a warm container's memory. */
export interface OptionsCache<V, A> {
  /**
   * The value for `key` within `budgetMs`: a fresh one at once; a stale one at once while a new
   * one is fetched (one fetch per key at a time); otherwise the fetch's result if it comes within
   * the budget, else `pending`.
   */
  get(key: string, budgetMs: number, asker: A): Promise<CacheRead<V>>;
  /** Starts fetching `key` unless a fresh value or a fetch is already there (the builder warms its DAG list). */
  prefetch(key: string, asker: A): void;
  /** Forgets everything (tests). */
  clear(): void;
}

interface Entry<V> {
  value?: V;
  fetchedAt?: number;
  fetching?: Promise<void>;
  error?: unknown;
}

/**
 * A stale-while-revalidate cache with a time budget, for options Slack wants within 3 seconds.
 * A fetch is never abandoned: when the budget runs out it goes on, and its value is there for the
 * next request (in Lambda, a container frozen between requests resumes it on the next one; a fetch
 * that fails meanwhile is tried again then).
 *
 * @example
 * const dags = createOptionsCache({ fetch: (deployment, user) => askWorker(deployment, user), freshMs: 60_000, maxStaleMs: 3_600_000 });
 * const read = await dags.get('prod', 2_500, user);
 */
export function createOptionsCache<V, A>(options: OptionsCacheOptions<V, A>): OptionsCache<V, A> {
  const clock = options.clock ?? systemClock;
  const maxEntries = options.maxEntries ?? 50;
  const entries = new Map<string, Entry<V>>();

  const entryOf = (key: string): Entry<V> => {
    const entry = entries.get(key) ?? {};
    // Re-inserted so the map's order is the order of use.
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    return entry;
  };

  const startFetch = (key: string, entry: Entry<V>, asker: A): Promise<void> => {
    entry.fetching ??= options
      .fetch(key, asker)
      .then(
        (value) => {
          entry.value = value;
          entry.fetchedAt = clock();
          entry.error = undefined;
        },
        (error: unknown) => {
          entry.error = error;
        },
      )
      .finally(() => {
        entry.fetching = undefined;
      });
    return entry.fetching;
  };

  const ageOf = (entry: Entry<V>): number => (entry.fetchedAt === undefined ? Number.POSITIVE_INFINITY : clock() - entry.fetchedAt);

  return {
    async get(key, budgetMs, asker) {
      const entry = entryOf(key);
      const age = ageOf(entry);
      if (entry.value !== undefined && age < options.freshMs) return { status: 'fresh', value: entry.value };
      if (entry.value !== undefined && age >= options.maxStaleMs) entry.value = undefined;
      const fetching = startFetch(key, entry, asker);
      if (entry.value !== undefined) return { status: 'stale', value: entry.value };
      let timer: NodeJS.Timeout | undefined;
      const inTime = await Promise.race([
        fetching.then(() => true),
        new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), Math.max(0, budgetMs));
        }),
      ]);
      clearTimeout(timer);
      if (!inTime) return { status: 'pending' };
      if (entry.value !== undefined) return { status: 'fresh', value: entry.value };
      return { status: 'failed', error: entry.error };
    },
    prefetch(key, asker) {
      const entry = entryOf(key);
      if (entry.value !== undefined && ageOf(entry) < options.freshMs) return;
      void startFetch(key, entry, asker);
    },
    clear() {
      entries.clear();
    },
  };
}
