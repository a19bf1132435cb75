import type { StoredPreview } from '../../src/worker/previews/preview-store';
import { createMemoryPreviewStore } from '../../src/worker/previews/preview-store-memory';

const T0 = Date.parse('2026-11-23T09:00:00.000Z');
const MINUTE = 60_000;

function preview(overrides: Partial<StoredPreview> = {}): StoredPreview {
  return {
    previewId: 'pv-1',
    target: { deployment: 'prod', dagId: 'etl', runId: 'r1', taskId: 'load', mapIndex: -1, tryNumber: 2 },
    action: { kind: 'set_state', newState: 'success', includeUpstream: false, includeDownstream: true },
    expectedState: 'failed',
    expectedTry: 2,
    requestedBy: 'UALICE0001',
    teamId: 'T0001',
    affected: [{ dagId: 'etl', runId: 'r1', taskId: 'load', mapIndex: -1, state: 'failed' }],
    createdAt: T0,
    validUntil: T0 + 15 * MINUTE,
    ...overrides,
  };
}

describe('createMemoryPreviewStore', () => {
  it('gives back nothing for a preview it never stored, and refuses to claim it as unknown', async () => {
    const store = createMemoryPreviewStore();
    expect(await store.get('never-issued')).toBeUndefined();
    expect(await store.claim('never-issued', { by: 'UALICE0001', as: 'confirmed', now: T0 })).toEqual({ ok: false, reason: 'unknown' });
  });

  it('keeps the first preview stored under an id, as the DynamoDB store does', async () => {
    const store = createMemoryPreviewStore();
    const first = preview();
    await store.save(first);
    await store.save(preview({ action: { kind: 'clear', includeUpstream: false, includeDownstream: false } }));
    expect(await store.get('pv-1')).toEqual(first);
  });

  it('does not forget a claim when the same id is saved again', async () => {
    const store = createMemoryPreviewStore();
    await store.save(preview());
    expect(await store.claim('pv-1', { by: 'UALICE0001', as: 'confirmed', now: T0 + MINUTE })).toMatchObject({ ok: true });
    await store.save(preview());
    expect(await store.claim('pv-1', { by: 'UALICE0001', as: 'confirmed', now: T0 + MINUTE })).toEqual({ ok: false, reason: 'claimed', preview: preview() });
  });

  it('claims once, then says claimed with the preview; an expired preview is refused as expired', async () => {
    const store = createMemoryPreviewStore();
    await store.save(preview());
    await store.save(preview({ previewId: 'pv-2' }));
    expect(await store.claim('pv-1', { by: 'UALICE0001', as: 'confirmed', now: T0 + MINUTE })).toEqual({ ok: true, preview: preview() });
    expect(await store.claim('pv-1', { by: 'UBOB000001', as: 'cancelled', now: T0 + MINUTE })).toEqual({ ok: false, reason: 'claimed', preview: preview() });
    expect(await store.claim('pv-2', { by: 'UALICE0001', as: 'confirmed', now: T0 + 15 * MINUTE })).toEqual({
      ok: false,
      reason: 'expired',
      preview: preview({ previewId: 'pv-2' }),
    });
  });

  it('hands out copies: changing what it returned does not change what it stored', async () => {
    const store = createMemoryPreviewStore();
    const shown = preview();
    await store.save(shown);
    shown.requestedBy = 'UMALLORY01';
    const read = await store.get('pv-1');
    expect(read?.requestedBy).toBe('UALICE0001');
    read!.affected.length = 0;
    expect((await store.get('pv-1'))?.affected).toHaveLength(1);
  });
});
