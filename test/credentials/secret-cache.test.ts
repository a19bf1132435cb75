import { createSecretCache, DEFAULT_SECRET_TTL_MS } from '../../src/credentials/secret-cache';
import type { SecretSource } from '../../src/credentials/types';
import { BotError } from '../../src/errors';

/** A source whose fetches stay pending until the test settles them, in order. */
class ControlledSource implements SecretSource {
  readonly calls: string[] = [];
  private pending: { resolve: (value: string) => void; reject: (error: unknown) => void }[] = [];

  getSecretString(secretId: string): Promise<string> {
    this.calls.push(secretId);
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }

  resolveNext(value: string): void {
    const next = this.pending.shift();
    if (next === undefined) throw new Error('no fetch is pending');
    next.resolve(value);
  }

  rejectNext(error: unknown): void {
    const next = this.pending.shift();
    if (next === undefined) throw new Error('no fetch is pending');
    next.reject(error);
  }
}

/** Lets settled fetches run their callbacks. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createSecretCache', () => {
  let now: number;
  let source: ControlledSource;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
    source = new ControlledSource();
  });

  it('makes one fetch for 50 concurrent look-ups of the same id', async () => {
    const cache = createSecretCache(source, { clock });
    const lookups = Array.from({ length: 50 }, () => cache.get('a'));
    source.resolveNext('value-a');
    expect(new Set(await Promise.all(lookups))).toEqual(new Set(['value-a']));
    expect(source.calls).toEqual(['a']);
  });

  it('keeps ids apart', async () => {
    const cache = createSecretCache(source, { clock });
    const a = cache.get('a');
    const b = cache.get('b');
    source.resolveNext('value-a');
    source.resolveNext('value-b');
    await expect(Promise.all([a, b])).resolves.toEqual(['value-a', 'value-b']);
    expect(source.calls).toEqual(['a', 'b']);
  });

  it('serves the cached value for five minutes by default, then fetches again', async () => {
    const cache = createSecretCache(source, { clock });
    const first = cache.get('a');
    source.resolveNext('v1');
    await first;
    await settle();

    now += DEFAULT_SECRET_TTL_MS - 1;
    await expect(cache.get('a')).resolves.toBe('v1');
    expect(source.calls).toEqual(['a']);

    now += 1;
    const second = cache.get('a');
    source.resolveNext('v2');
    await expect(second).resolves.toBe('v2');
    expect(source.calls).toEqual(['a', 'a']);
  });

  it('counts the TTL from when the fetch finished', async () => {
    const cache = createSecretCache(source, { clock, ttlMs: 1000 });
    const first = cache.get('a');
    now += 5000; // a slow fetch
    source.resolveNext('v1');
    await first;
    await settle();
    now += 999;
    await expect(cache.get('a')).resolves.toBe('v1');
    expect(source.calls).toEqual(['a']);
  });

  it('forces one new fetch on refresh, shared by concurrent refreshes and look-ups', async () => {
    const cache = createSecretCache(source, { clock });
    const first = cache.get('a');
    source.resolveNext('old');
    await first;
    await settle();

    const refreshes = [cache.refresh('a'), cache.refresh('a'), cache.get('a')];
    source.resolveNext('rotated');
    await expect(Promise.all(refreshes)).resolves.toEqual(['rotated', 'rotated', 'rotated']);
    await settle();
    await expect(cache.get('a')).resolves.toBe('rotated');
    expect(source.calls).toEqual(['a', 'a']);
  });

  it('lets a refresh share a first fetch still under way', async () => {
    const cache = createSecretCache(source, { clock });
    const lookup = cache.get('a');
    const refresh = cache.refresh('a');
    source.resolveNext('v1');
    await expect(Promise.all([lookup, refresh])).resolves.toEqual(['v1', 'v1']);
    expect(source.calls).toEqual(['a']);
  });

  it('does not cache a failed fetch: every waiting caller gets the error, the next call fetches again', async () => {
    const cache = createSecretCache(source, { clock });
    const failure = new BotError('credentials', 'Secret "a" was not found in Secrets Manager');
    const lookups = [cache.get('a'), cache.get('a')];
    source.rejectNext(failure);
    await expect(Promise.allSettled(lookups)).resolves.toEqual([
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
    ]);
    await settle();

    const retry = cache.get('a');
    source.resolveNext('v1');
    await expect(retry).resolves.toBe('v1');
    expect(source.calls).toEqual(['a', 'a']);
  });

  it('drops the old value when a refresh fails, so the next look-up fetches again', async () => {
    const cache = createSecretCache(source, { clock });
    const first = cache.get('a');
    source.resolveNext('old');
    await first;
    await settle();

    const refresh = cache.refresh('a');
    source.rejectNext(new BotError('credentials', 'Could not read secret "a" from Secrets Manager (ThrottlingException)'));
    await expect(refresh).rejects.toThrow('Could not read secret "a" from Secrets Manager (ThrottlingException)');
    await settle();

    const next = cache.get('a');
    source.resolveNext('new');
    await expect(next).resolves.toBe('new');
    expect(source.calls).toEqual(['a', 'a', 'a']);
  });

  it('forgets everything on clear', async () => {
    const cache = createSecretCache(source, { clock });
    const first = cache.get('a');
    source.resolveNext('v1');
    await first;
    await settle();

    cache.clear();
    const second = cache.get('a');
    source.resolveNext('v2');
    await expect(second).resolves.toBe('v2');
    expect(source.calls).toEqual(['a', 'a']);
  });

  it('does not bring back a fetch that was under way when the cache was cleared', async () => {
    const cache = createSecretCache(source, { clock });
    const stale = cache.get('a');
    cache.clear();
    const fresh = cache.get('a');
    source.resolveNext('from-before-clear');
    source.resolveNext('from-after-clear');
    await expect(Promise.all([stale, fresh])).resolves.toEqual(['from-before-clear', 'from-after-clear']);
    await settle();
    await expect(cache.get('a')).resolves.toBe('from-after-clear');
    expect(source.calls).toEqual(['a', 'a']);
  });
});
