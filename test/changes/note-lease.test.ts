import { BotError } from '../../src/errors';
import { createMemoryNoteLease, type NoteLease } from '../../src/changes/note-lease';
import { withLease } from '../../src/changes/with-lease';

const T0 = Date.parse('2026-11-23T09:00:00.000Z');

describe('createMemoryNoteLease', () => {
  it('refuses a lease until the moment it expires, then gives it to the next writer', async () => {
    let now = T0;
    const lease = createMemoryNoteLease(() => now);
    expect(await lease.acquire('ti-1', 'writer-a', 1_000)).toBe(true);
    now = T0 + 1_000;
    expect(await lease.acquire('ti-1', 'writer-b', 1_000)).toBe(false);
    now = T0 + 1_001;
    expect(await lease.acquire('ti-1', 'writer-b', 1_000)).toBe(true);
    expect(await lease.acquire('ti-1', 'writer-c', 1_000)).toBe(false);
  });

  it('keeps leases on different keys apart', async () => {
    const lease = createMemoryNoteLease(() => T0);
    expect(await lease.acquire('ti-1', 'writer-a', 1_000)).toBe(true);
    expect(await lease.acquire('ti-2', 'writer-b', 1_000)).toBe(true);
  });

  it('releases a key no one holds without failing', async () => {
    const lease = createMemoryNoteLease(() => T0);
    await expect(lease.release('never-taken', 'writer-a')).resolves.toBeUndefined();
    expect(await lease.acquire('never-taken', 'writer-b', 1_000)).toBe(true);
  });

  it('is released only by its holder', async () => {
    const lease = createMemoryNoteLease(() => T0);
    await lease.acquire('ti-1', 'writer-a', 1_000);
    await lease.release('ti-1', 'writer-b');
    expect(await lease.acquire('ti-1', 'writer-c', 1_000)).toBe(false);
    await lease.release('ti-1', 'writer-a');
    expect(await lease.acquire('ti-1', 'writer-c', 1_000)).toBe(true);
  });
});

/** A lease that is busy for the first `busyFor` attempts and records every call. */
function recordingLease(busyFor: number) {
  const calls: { method: 'acquire' | 'release'; key: string; owner: string; ttlMs?: number }[] = [];
  let attempts = 0;
  const lease: NoteLease = {
    async acquire(key, owner, ttlMs) {
      calls.push({ method: 'acquire', key, owner, ttlMs });
      attempts += 1;
      return attempts > busyFor;
    },
    async release(key, owner) {
      calls.push({ method: 'release', key, owner });
    },
  };
  return { lease, calls };
}

describe('withLease', () => {
  it('holds the lease for 15 seconds while the work runs, then releases it as the same owner', async () => {
    const { lease, calls } = recordingLease(0);
    const seen: string[] = [];
    const result = await withLease({ noteLease: lease, sleep: async () => {} }, 'note:ti-1', async () => {
      seen.push(calls.map((call) => call.method).join(','));
      return 'done';
    });
    expect(result).toBe('done');
    expect(seen).toEqual(['acquire']);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual({ method: 'acquire', key: 'note:ti-1', owner: expect.any(String), ttlMs: 15_000 });
    expect(calls[0]!.owner).not.toBe('');
    expect(calls[1]).toEqual({ method: 'release', key: 'note:ti-1', owner: calls[0]!.owner });
  });

  it('uses a new owner for every holder', async () => {
    const { lease, calls } = recordingLease(0);
    await withLease({ noteLease: lease, sleep: async () => {} }, 'k', async () => undefined);
    await withLease({ noteLease: lease, sleep: async () => {} }, 'k', async () => undefined);
    expect(calls[0]!.owner).not.toBe(calls[2]!.owner);
  });

  it('releases the lease when the work fails, and passes the failure on', async () => {
    const { lease, calls } = recordingLease(0);
    const failure = new Error('Airflow said no');
    await expect(withLease({ noteLease: lease, sleep: async () => {} }, 'k', () => Promise.reject(failure))).rejects.toBe(failure);
    expect(calls.map((call) => call.method)).toEqual(['acquire', 'release']);
  });

  it('waits between 25 and 75 ms between attempts while the lease is busy, then runs the work once', async () => {
    const { lease, calls } = recordingLease(3);
    const waits: number[] = [];
    let runs = 0;
    await withLease({ noteLease: lease, sleep: async (ms) => void waits.push(ms) }, 'k', async () => {
      runs += 1;
    });
    expect(runs).toBe(1);
    expect(calls.map((call) => call.method)).toEqual(['acquire', 'acquire', 'acquire', 'acquire', 'release']);
    expect(new Set(calls.map((call) => call.owner)).size).toBe(1);
    expect(waits).toHaveLength(3);
    for (const ms of waits) {
      expect(ms).toBeGreaterThanOrEqual(25);
      expect(ms).toBeLessThan(75);
    }
  });

  it('waits on a timer when no sleep is given', async () => {
    const { lease } = recordingLease(1);
    const started = Date.now();
    await withLease({ noteLease: lease }, 'k', async () => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(20);
  });

  it('gives up after 400 attempts without running the work or releasing a lease it never held', async () => {
    const { lease, calls } = recordingLease(Number.POSITIVE_INFINITY);
    let waits = 0;
    let runs = 0;
    const error = (await withLease(
      {
        noteLease: lease,
        sleep: async () => {
          waits += 1;
        },
      },
      'note:ti-1',
      async () => {
        runs += 1;
      },
    ).catch((e: unknown) => e)) as BotError;
    expect(error).toBeInstanceOf(BotError);
    expect(error.kind).toBe('unavailable');
    expect(error.userMessage).toBe('Someone else is changing this task instance right now. Nothing was changed: try again in a moment.');
    expect(error.details).toEqual({ reason: 'lease busy', key: 'note:ti-1' });
    expect(runs).toBe(0);
    expect(calls.filter((call) => call.method === 'acquire')).toHaveLength(400);
    expect(calls.filter((call) => call.method === 'release')).toHaveLength(0);
    expect(waits).toBe(399);
  });
});
