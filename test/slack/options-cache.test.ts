import { createOptionsCache } from '../../src/slack/builder/options-cache';

function setUp(freshMs = 1_000, maxStaleMs = 10_000) {
  let now = 0;
  const fetched: string[] = [];
  const pending: { key: string; resolve: (value: string) => void; reject: (error: Error) => void }[] = [];
  const cache = createOptionsCache<string, string>({
    fetch: (key, asker) =>
      new Promise<string>((resolve, reject) => {
        fetched.push(asker === 'alice' ? key : `${key} for ${asker}`);
        pending.push({ key, resolve, reject });
      }),
    freshMs,
    maxStaleMs,
    maxEntries: 2,
    clock: () => now,
  });
  const settle = async (value: string) => {
    pending.shift()?.resolve(value);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { cache, fetched, pending, settle, advance: (ms: number) => (now += ms) };
}

describe('createOptionsCache', () => {
  it('waits for a first fetch that comes within the budget, then serves it fresh without asking again', async () => {
    const { cache, fetched, pending } = setUp();

    const first = cache.get('prod', 1_000, 'alice');
    pending[0]!.resolve('dags-1');

    expect(await first).toEqual({ status: 'fresh', value: 'dags-1' });
    expect(await cache.get('prod', 1_000, 'alice')).toEqual({ status: 'fresh', value: 'dags-1' });
    expect(fetched).toEqual(['prod']);
  });

  it('answers pending when the budget runs out, and the same fetch serves the next request', async () => {
    const { cache, fetched, settle } = setUp();

    expect(await cache.get('prod', 10, 'alice')).toEqual({ status: 'pending' });
    expect(await cache.get('prod', 10, 'alice')).toEqual({ status: 'pending' });
    await settle('dags-1');

    expect(await cache.get('prod', 10, 'alice')).toEqual({ status: 'fresh', value: 'dags-1' });
    expect(fetched).toEqual(['prod']);
  });

  it('serves a stale value at once while one refresh runs, and the refreshed one after', async () => {
    const { cache, fetched, settle, advance } = setUp();
    const first = cache.get('prod', 1_000, 'alice');
    await settle('dags-1');
    await first;
    advance(1_500);

    expect(await cache.get('prod', 1_000, 'alice')).toEqual({ status: 'stale', value: 'dags-1' });
    expect(await cache.get('prod', 1_000, 'alice')).toEqual({ status: 'stale', value: 'dags-1' });
    await settle('dags-2');

    expect(await cache.get('prod', 1_000, 'alice')).toEqual({ status: 'fresh', value: 'dags-2' });
    expect(fetched).toEqual(['prod', 'prod']);
  });

  it('drops a value older than maxStaleMs instead of serving it', async () => {
    const { cache, settle, advance } = setUp();
    const first = cache.get('prod', 1_000, 'alice');
    await settle('dags-1');
    await first;
    advance(10_000);

    expect(await cache.get('prod', 5, 'alice')).toEqual({ status: 'pending' });
  });

  it('reports a failed fetch, keeps nothing of it, and tries again on the next request', async () => {
    const { cache, fetched, pending } = setUp();

    const first = cache.get('prod', 1_000, 'alice');
    pending.shift()!.reject(new Error('Airflow is down'));
    const failed = await first;

    expect(failed.status).toBe('failed');
    expect((failed as { error: Error }).error.message).toBe('Airflow is down');
    void cache.get('prod', 5, 'alice');
    expect(fetched).toEqual(['prod', 'prod']);
  });

  it('keeps a stale value when its refresh fails', async () => {
    const { cache, pending, settle, advance } = setUp();
    const first = cache.get('prod', 1_000, 'alice');
    await settle('dags-1');
    await first;
    advance(1_500);
    await cache.get('prod', 5, 'alice');
    pending.shift()!.reject(new Error('Airflow is down'));
    await new Promise((resolve) => setImmediate(resolve));

    expect(await cache.get('prod', 5, 'alice')).toEqual({ status: 'stale', value: 'dags-1' });
  });

  it('fetches on behalf of whoever caused the fetch, and serves its value to the next asker', async () => {
    const { cache, fetched, settle } = setUp();

    const bobs = cache.get('prod', 1_000, 'bob');
    await settle('dags-1');
    await bobs;

    expect(await cache.get('prod', 1_000, 'alice')).toEqual({ status: 'fresh', value: 'dags-1' });
    expect(fetched).toEqual(['prod for bob']);
  });

  it('prefetches once, and forgets the least recently used key beyond maxEntries', async () => {
    const { cache, fetched, settle } = setUp();

    cache.prefetch('a', 'alice');
    cache.prefetch('a', 'alice');
    await settle('A');
    cache.prefetch('b', 'alice');
    await settle('B');
    cache.prefetch('c', 'alice');
    await settle('C');

    expect(fetched).toEqual(['a', 'b', 'c']);
    expect(await cache.get('c', 5, 'alice')).toEqual({ status: 'fresh', value: 'C' });
    expect(await cache.get('a', 5, 'alice')).toEqual({ status: 'pending' });
  });
});
