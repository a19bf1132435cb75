import { systemClock, type Clock } from '../clock';
import { HITL_RECORD_TTL_MS, hitlItemKey, type HitlKey, type HitlMessageRecord, type HitlMessageStore } from './hitl-message-store';

/**
 * The human-in-the-loop records in this process's memory, for tests and runs without an alert
 * table. The DynamoDB store's rules (one claim, a Slack answer kept once, expiry checked on read),
 * lost with the process.
 *
 * @example
 * const hitlMessages = createMemoryHitlMessageStore({ clock: Date.now });
 */
export function createMemoryHitlMessageStore(options: { clock?: Clock; ttlMs?: number } = {}): HitlMessageStore {
  const clock = options.clock ?? systemClock;
  const ttlMs = options.ttlMs ?? HITL_RECORD_TTL_MS;
  const items = new Map<string, { record: HitlMessageRecord; expiresAt: number }>();
  const live = (pk: string) => {
    const item = items.get(pk);
    return item !== undefined && item.expiresAt > clock() ? item : undefined;
  };
  const upsert = (key: HitlKey): HitlMessageRecord => {
    const pk = hitlItemKey(key);
    const fresh: HitlMessageRecord = structuredClone({ deployment: key.deployment, ref: key.ref, createdAt: key.createdAt });
    const item = live(pk) ?? { record: fresh, expiresAt: clock() + ttlMs };
    items.set(pk, item);
    return item.record;
  };
  return {
    async get(key) {
      const item = live(hitlItemKey(key));
      return item && structuredClone(item.record);
    },
    async claimPost(key, request) {
      const pk = hitlItemKey(key);
      if (live(pk) !== undefined) return false;
      items.set(pk, {
        record: structuredClone({ deployment: key.deployment, ref: key.ref, createdAt: key.createdAt, request }),
        expiresAt: clock() + ttlMs,
      });
      return true;
    },
    async setMessage(key, message) {
      upsert(key).message = { ...message };
    },
    async markAnswering(key, at) {
      upsert(key).answeringAt = at;
    },
    async recordSlackAnswer(key, answer) {
      const record = upsert(key);
      record.slackAnswer ??= structuredClone(answer);
    },
  };
}
