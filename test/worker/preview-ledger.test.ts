import { BotError } from '../../src/errors';
import { createMemoryPreviewLedger } from '../../src/worker/preview-ledger';

describe('createMemoryPreviewLedger', () => {
  it('claims an id the first time and refuses it afterwards', async () => {
    const ledger = createMemoryPreviewLedger();
    await expect(ledger.claim('p1')).resolves.toBe(true);
    await expect(ledger.claim('p1')).resolves.toBe(false);
    await expect(ledger.claim('p1')).resolves.toBe(false);
  });

  it('claims different ids independently', async () => {
    const ledger = createMemoryPreviewLedger();
    await expect(ledger.claim('p1')).resolves.toBe(true);
    await expect(ledger.claim('p2')).resolves.toBe(true);
  });

  it('gives one true to many concurrent claims of the same id', async () => {
    const ledger = createMemoryPreviewLedger();
    const results = await Promise.all(Array.from({ length: 20 }, () => ledger.claim('p1')));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('forgets a claim after the TTL', async () => {
    let now = 1_000;
    const ledger = createMemoryPreviewLedger({ clock: () => now, ttlMs: 10_000 });
    await ledger.claim('p1');
    now += 9_999;
    await expect(ledger.claim('p1')).resolves.toBe(false);
    now += 1;
    await expect(ledger.claim('p1')).resolves.toBe(true);
    await expect(ledger.claim('p1')).resolves.toBe(false);
  });

  it('remembers claims for 24 hours by default', async () => {
    let now = 0;
    const ledger = createMemoryPreviewLedger({ clock: () => now });
    await ledger.claim('p1');
    now = 24 * 60 * 60 * 1000 - 1;
    await expect(ledger.claim('p1')).resolves.toBe(false);
    now += 1;
    await expect(ledger.claim('p1')).resolves.toBe(true);
  });

  it('keeps unexpired claims while it forgets expired ones', async () => {
    let now = 0;
    const ledger = createMemoryPreviewLedger({ clock: () => now, ttlMs: 100 });
    await ledger.claim('old');
    now = 50;
    await ledger.claim('young');
    now = 120;
    await expect(ledger.claim('young')).resolves.toBe(false);
    await expect(ledger.claim('old')).resolves.toBe(true);
  });

  it('refuses a malformed id with a BotError and records nothing', async () => {
    const ledger = createMemoryPreviewLedger();
    for (const bad of ['', 'has space', 'x'.repeat(257), 'ümlaut']) {
      const error = await ledger.claim(bad).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(BotError);
      expect((error as BotError).kind).toBe('invalid');
      expect((error as BotError).userMessage).toBe('This confirmation is damaged. Nothing was changed: preview the action again.');
    }
    await expect(ledger.claim('x'.repeat(256))).resolves.toBe(true);
  });
});
