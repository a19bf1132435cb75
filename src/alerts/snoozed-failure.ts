import type { Snooze, SnoozeStore } from '../snoozes/snooze-store';
import { DEFAULT_RATE_LIMIT_POLICY, retryRateLimited } from '../slack-replies/rate-limit';
import { heldBackLine } from '../views/snooze-messages';
import type { AlertRendererDeps } from './alert-renderer';
import type { RunKey } from './alert-state';

/**
 * Holds back a failure of a run with no alert while its DAG is snoozed: no message, no mention.
 * The run is counted on the snooze (once per run), and the thread of the alert the snooze was set
 * from gets one line counting them ("3 more failures while snoozed"), edited as the count grows.
 *
 * @returns whether the failure was held back; `false` when no snooze holds and it alerts as usual.
 */
export async function holdIfSnoozed(key: RunKey, deps: AlertRendererDeps & { snoozes: SnoozeStore }): Promise<boolean> {
  // Read first: most failures find no snooze, and a read costs less than a refused conditional write.
  if ((await deps.snoozes.get(key.deployment, key.dagId)) === undefined) return false;
  const held = await deps.snoozes.hold(key.deployment, key.dagId, key.runId);
  if (held === undefined) return false;
  deps.logger.info({ deployment: key.deployment, dagId: key.dagId, runId: key.runId, held: held.snooze.suppressedRuns.length }, 'failure held back: the DAG is snoozed');
  if (held.counted && held.snooze.alert !== undefined) {
    try {
      await showCount(held.snooze, held.snooze.alert, deps);
    } catch (error) {
      // The count is stored; the line is extra.
      deps.logger.warn({ err: error, deployment: key.deployment, dagId: key.dagId }, 'could not count a held-back failure in the snoozed alert’s thread');
    }
  }
  return true;
}

async function showCount(snooze: Snooze, alert: { channel: string; ts: string }, deps: AlertRendererDeps & { snoozes: SnoozeStore }): Promise<void> {
  const web = await deps.web();
  const policy = deps.rateLimit ?? DEFAULT_RATE_LIMIT_POLICY;
  const text = heldBackLine(snooze.suppressedRuns.length, snooze.suppressedRuns[snooze.suppressedRuns.length - 1]);
  if (snooze.noticeTs !== undefined) {
    const ts = snooze.noticeTs;
    await retryRateLimited(() => web.chat.update({ channel: alert.channel, ts, text }), policy);
    return;
  }
  const posted = await retryRateLimited(() => web.chat.postMessage({ channel: alert.channel, thread_ts: alert.ts, text }), policy, { channel: alert.channel });
  // Two failures held back at once may both post; the line remembered is the one later counts edit.
  if (posted.ts !== undefined) await deps.snoozes.setNotice(snooze, posted.ts);
}
