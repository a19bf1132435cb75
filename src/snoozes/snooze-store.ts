import type { Clock } from '../clock';

/**
 * A DAG's alerts held back until `until`: while it holds, a run of the DAG that starts failing
 * posts no alert and mentions no one; it is counted here instead (`suppressedRuns`).
 */
export interface Snooze {
  deployment: string;
  dagId: string;
  /** When it ends (milliseconds). An unsnooze ends it now. */
  until: number;
  /** When it was set (milliseconds): tells one snooze of a DAG from the next. */
  at: number;
  /** Who set it: a Slack user id. */
  by: string;
  /** The alert it was set from, whose thread counts what it holds back; absent when set by command. */
  alert?: { channel: string; ts: string };
  /** The runs held back while it held, each counted once. */
  suppressedRuns: string[];
  /** The thread line on `alert` that counts them, once posted. */
  noticeTs?: string;
}

/** What a snooze is set with. */
export type NewSnooze = Omit<Snooze, 'suppressedRuns' | 'noticeTs'>;

/**
 * The snoozes, one per DAG of a deployment. Only a snooze whose `until` is still ahead counts as
 * set: every read checks it (the DynamoDB adapter's TTL deletes late, and keeps an ended snooze a
 * while for its count).
 */
export interface SnoozeStore {
  /** The DAG's snooze while it holds. */
  get(deployment: string, dagId: string): Promise<Snooze | undefined>;
  /** Sets (or replaces) the DAG's snooze; a replaced one's count starts again. */
  put(snooze: NewSnooze): Promise<void>;
  /** Ends the DAG's snooze now; the one that held, or `undefined` when none did. */
  end(deployment: string, dagId: string): Promise<Snooze | undefined>;
  /** The snoozes that hold in these deployments, soonest to end first. */
  list(deployments: readonly string[]): Promise<Snooze[]>;
  /**
   * The snoozes of these deployments that held at some time since `since`: those that hold and
   * those that ended since (kept {@link ENDED_SNOOZE_KEPT_MS} for their count), soonest to end first.
   * A digest reads what was snoozed in its window with this.
   */
  listSince(deployments: readonly string[], since: number): Promise<Snooze[]>;
  /**
   * Counts a run held back by the DAG's snooze, once per run. `undefined`: no snooze holds (the
   * run alerts as usual); `counted` is false when the run was counted before.
   */
  hold(deployment: string, dagId: string, runId: string): Promise<{ snooze: Snooze; counted: boolean } | undefined>;
  /** Remembers the thread line that counts the held runs, unless another was remembered first. */
  setNotice(snooze: Snooze, ts: string): Promise<boolean>;
}

/** How long an ended snooze is kept for its count (a daily digest reads it). */
export const ENDED_SNOOZE_KEPT_MS = 7 * 24 * 60 * 60 * 1000;

/** Soonest to end first, then by DAG. */
export function bySoonestEnd(a: Snooze, b: Snooze): number {
  return a.until - b.until || a.deployment.localeCompare(b.deployment) || a.dagId.localeCompare(b.dagId);
}

/**
 * Snoozes in memory: for tests and a bot run without an alert table (one process, nothing shared).
 *
 * @example
 * const snoozes = createMemorySnoozeStore(Date.now);
 */
export function createMemorySnoozeStore(clock: Clock): SnoozeStore {
  const items = new Map<string, Snooze>();
  const keyOf = (deployment: string, dagId: string) => JSON.stringify([deployment, dagId]);
  const holding = (deployment: string, dagId: string) => {
    const snooze = items.get(keyOf(deployment, dagId));
    return snooze !== undefined && snooze.until > clock() ? snooze : undefined;
  };
  const copy = (snooze: Snooze): Snooze => ({ ...snooze, suppressedRuns: [...snooze.suppressedRuns] });
  return {
    async get(deployment, dagId) {
      const snooze = holding(deployment, dagId);
      return snooze && copy(snooze);
    },
    async put(snooze) {
      items.set(keyOf(snooze.deployment, snooze.dagId), { ...snooze, suppressedRuns: [] });
    },
    async end(deployment, dagId) {
      const snooze = holding(deployment, dagId);
      if (snooze === undefined) return undefined;
      const ended = copy(snooze);
      snooze.until = clock();
      return ended;
    },
    async list(deployments) {
      return [...items.values()]
        .filter((snooze) => deployments.includes(snooze.deployment) && snooze.until > clock())
        .map(copy)
        .sort(bySoonestEnd);
    },
    async listSince(deployments, since) {
      const keptFrom = Math.max(since, clock() - ENDED_SNOOZE_KEPT_MS);
      return [...items.values()]
        .filter((snooze) => deployments.includes(snooze.deployment) && snooze.until > keptFrom)
        .map(copy)
        .sort(bySoonestEnd);
    },
    async hold(deployment, dagId, runId) {
      const snooze = holding(deployment, dagId);
      if (snooze === undefined) return undefined;
      const counted = !snooze.suppressedRuns.includes(runId);
      if (counted) snooze.suppressedRuns.push(runId);
      return { snooze: copy(snooze), counted };
    },
    async setNotice(snooze, ts) {
      const current = items.get(keyOf(snooze.deployment, snooze.dagId));
      if (current === undefined || current.at !== snooze.at || current.noticeTs !== undefined) return false;
      current.noticeTs = ts;
      return true;
    },
  };
}
