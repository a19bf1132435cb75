import type { HitlKey, HitlMessageRecord, HitlMessageStore } from '../../src/hitl-messages/hitl-message-store';

/**
 * A tiny in-memory `HitlMessageStore` for the answer tests, until the watcher's
 * `createMemoryHitlMessageStore()` (src/hitl-messages/hitl-message-store-memory.ts) is merged.
 */
export function memoryHitlMessageStore(): HitlMessageStore & { records: Map<string, HitlMessageRecord> } {
  const records = new Map<string, HitlMessageRecord>();
  const keyOf = (key: HitlKey) => JSON.stringify([key.deployment, key.ref.dagId, key.ref.runId, key.ref.taskId, key.ref.mapIndex, key.createdAt]);
  const recordOf = (key: HitlKey): HitlMessageRecord => records.get(keyOf(key)) ?? { deployment: key.deployment, ref: key.ref, createdAt: key.createdAt };
  return {
    records,
    async get(key) {
      const record = records.get(keyOf(key));
      return record === undefined ? undefined : structuredClone(record);
    },
    async claimPost(key, request) {
      if (records.has(keyOf(key))) return false;
      records.set(keyOf(key), { ...recordOf(key), request: structuredClone(request) });
      return true;
    },
    async setMessage(key, message) {
      records.set(keyOf(key), { ...recordOf(key), message });
    },
    async recordSlackAnswer(key, answer) {
      const record = recordOf(key);
      if (record.slackAnswer === undefined) records.set(keyOf(key), { ...record, slackAnswer: structuredClone(answer) });
    },
  };
}
