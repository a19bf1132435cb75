import type { PreviewStore, StoredPreview } from './preview-store';

/**
 * Previews in this process's memory, for unit tests and runs without a table (one process only;
 * the DynamoDB store is the one shared between Lambda instances).
 */
export function createMemoryPreviewStore(): PreviewStore {
  const previews = new Map<string, { preview: StoredPreview; claimed: boolean }>();
  return {
    async save(preview) {
      if (!previews.has(preview.previewId)) previews.set(preview.previewId, { preview: structuredClone(preview), claimed: false });
    },
    async get(previewId) {
      const stored = previews.get(previewId);
      return stored === undefined ? undefined : structuredClone(stored.preview);
    },
    async claim(previewId, claim) {
      const stored = previews.get(previewId);
      if (stored === undefined) return { ok: false, reason: 'unknown' };
      const preview = structuredClone(stored.preview);
      if (stored.claimed) return { ok: false, reason: 'claimed', preview };
      if (stored.preview.validUntil <= claim.now) return { ok: false, reason: 'expired', preview };
      stored.claimed = true;
      return { ok: true, preview };
    },
  };
}
