import type { AirflowClient } from '../airflow/client';
import type { DagRun, HitlRequest, TaskInstance, TaskState } from '../airflow/model';
import type { Clock } from '../clock';
import type { DeploymentConfig } from '../config/types';
import { asBotError } from '../errors';
import type { Logger } from '../logging/logger';
import { noticeChannel, outageText, recoveredText } from './outage-notice';
import { followHitl, type HitlTickCounts, type HitlWatchDeps } from './watch-hitl';
import { speaksAirflow3 } from '../airflow/dialect-detection';
import type { FollowedRun, Outage, WatchState, WatchStateStore } from './watch-state';
import type { WatcherSlack } from './watcher-slack';

/**
 * A failure the watcher found, handed to the alert store as an event would be. The watcher reports
 * what Airflow says; the alert store decides whether it is news (a failure reported by the notifier,
 * the listener and the watcher is one alert).
 */
export type WatchedFailure =
  /** A task instance that failed or went up for retry. */
  | { kind: 'task'; deployment: string; ti: TaskInstance & { state: WatchedTaskState } }
  /** A run the watcher saw a task fail in, now ended. */
  | { kind: 'run'; deployment: string; run: DagRun & { state: 'failed' | 'success' } };

/** The task instance states the watcher asks for: what the notifier's task callbacks report. */
export const WATCHED_TASK_STATES = ['failed', 'up_for_retry'] as const satisfies readonly TaskState[];
export type WatchedTaskState = (typeof WATCHED_TASK_STATES)[number];

/** How the watcher looks back; every field has a default. */
export interface WatchSettings {
  /**
   * A deployment's first tick reports nothing that ended longer ago than this (milliseconds).
   *
   * @default 3_600_000 (one hour)
   */
  firstWindowMs: number;
  /**
   * Each tick asks again for what ended this long before the previous tick (milliseconds): room
   * for a failure Airflow stores a little late and for the two clocks' difference. What it sees
   * twice, the alert store takes once.
   *
   * @default 120_000 (two minutes)
   */
  overlapMs: number;
  /**
   * How long after a task of a run failed the watcher asks whether the run ended (milliseconds), to
   * report the run's failure or success.
   *
   * @default 600_000 (ten minutes)
   */
  followRunsMs: number;
  /**
   * How many deployments one tick asks at once.
   *
   * @default 8
   */
  concurrency: number;
}

export const DEFAULT_WATCH_SETTINGS: WatchSettings = {
  firstWindowMs: 60 * 60_000,
  overlapMs: 2 * 60_000,
  followRunsMs: 10 * 60_000,
  concurrency: 8,
};

export interface WatchDeps {
  airflow: { get(deploymentName: string): AirflowClient };
  store: WatchStateStore;
  /** Hands a failure to the alert store; `true` when it was news (not handed on before). */
  report(failure: WatchedFailure): Promise<boolean>;
  /** Outage notices and human-in-the-loop messages. */
  slack: WatcherSlack;
  /** When set, every Airflow 3 deployment's human-in-the-loop requests are posted and followed. */
  hitl?: HitlWatchDeps;
  clock: Clock;
  logger: Logger;
  /** A unique lease owner per tick. */
  newOwner(): string;
  settings: WatchSettings;
}

/** What one tick did for one deployment. */
export type WatchOutcome =
  | { deployment: string; outcome: 'busy' }
  | { deployment: string; outcome: 'unreachable'; reason: string }
  | {
      deployment: string;
      outcome: 'watched';
      /** Failures: task instances listed (0 without `watch: true`), news handed on, runs that ended. */
      tasks: number;
      reported: number;
      runs: number;
      /** Human-in-the-loop requests, when the deployment's were asked for this tick. */
      hitl?: HitlTickCounts;
    };

/**
 * Whether a tick asks this deployment anything: its failures with `watch: true`, its
 * human-in-the-loop requests when it may speak Airflow 3 (`v2` or `auto`) and the watcher follows them.
 */
export function isWatched(deployment: DeploymentConfig, deps: Pick<WatchDeps, 'hitl'>): boolean {
  return deployment.watch === true || (deps.hitl !== undefined && deployment.dialect !== 'v1');
}

/**
 * One tick for one deployment: takes it (another tick holding it leaves it alone). With
 * `watch: true`, asks Airflow for the task instances that failed or went up for retry since the
 * watermark (one batch list request) and, only when one of them is news or a run is followed, for
 * the runs that ended (a second one); hands each to the alert store and advances the watermark. On
 * Airflow 3, with `deps.hitl`, lists the human-in-the-loop requests waiting (one request) and posts
 * or edits their messages (`followHitl`), before the failures are handed on. Then gives the
 * deployment back. A deployment whose first
 * request fails gets one notice per outage, edited when it answers again.
 *
 * @throws `BotError('unavailable')` when the watch state cannot be read or stored.
 */
export async function watchDeployment(deployment: DeploymentConfig, deps: WatchDeps): Promise<WatchOutcome> {
  const name = deployment.name;
  const owner = deps.newOwner();
  const state = await deps.store.claim(name, owner);
  if (state === undefined) return { deployment: name, outcome: 'busy' };
  const now = deps.clock();
  let next: WatchState = state;
  try {
    const client = deps.airflow.get(name);
    const watchesFailures = deployment.watch === true;
    const listFrom = state.watermark ?? now - deps.settings.firstWindowMs;
    let tis: TaskInstance[] = [];
    let pending: HitlRequest[] | undefined;
    try {
      // The first request of the tick tells whether the deployment can be reached.
      if (watchesFailures) tis = await client.listEndedTaskInstances({ states: [...WATCHED_TASK_STATES], endedSince: new Date(listFrom) });
      else pending = await pendingHitl(deployment, client, deps);
    } catch (error) {
      const reason = asBotError(error).userMessage;
      deps.logger.warn({ deployment: name, err: error }, 'watcher: cannot reach the deployment');
      next = { ...state, outage: await noticeOutage(deployment, state.outage, reason, now, deps) };
      return { deployment: name, outcome: 'unreachable', reason };
    }
    if (state.outage !== undefined) await noticeRecovery(deployment, state.outage, now, deps);
    if (watchesFailures) {
      try {
        pending = await pendingHitl(deployment, client, deps);
      } catch (error) {
        // It answered the failures' question: not an outage. The open requests wait for the next tick.
        deps.logger.warn({ deployment: name, err: error }, 'watcher: could not list the human-in-the-loop requests');
      }
    }

    // Requests waiting for a person first: the failures' alerts share the channel's rate limit with
    // them, and a burst of alerts would otherwise keep a request waiting behind it.
    let hitl: HitlTickCounts | undefined;
    let open: WatchState['hitl'];
    if (pending !== undefined && deps.hitl !== undefined) {
      try {
        const followed = await followHitl(deployment, client, state.hitl ?? [], pending, { hitl: deps.hitl, slack: deps.slack, clock: deps.clock, logger: deps.logger });
        open = followed.open;
        hitl = followed.counts;
      } catch (error) {
        // The failures are still reported; the requests are followed again next tick.
        deps.logger.error({ deployment: name, err: error }, 'watcher: could not follow the human-in-the-loop requests');
      }
    }

    const candidates = new Map(state.followed.filter((run) => run.until > now).map((run) => [runKey(run), run]));
    let reported = 0;
    for (const ti of byEndDate(tis)) {
      if (!isWatchedState(ti)) continue;
      if (!(await deps.report({ kind: 'task', deployment: name, ti }))) continue;
      reported += 1;
      follow(candidates, ti, deps.settings.followRunsMs);
    }
    let runs = 0;
    if (candidates.size > 0) {
      const followed = [...candidates.values()];
      const ended = await client.listEndedRuns({
        states: ['failed', 'success'],
        endedSince: new Date(Math.min(...followed.map((run) => run.since)) - deps.settings.overlapMs),
        dagIds: [...new Set(followed.map((run) => run.dagId))],
      });
      for (const run of ended) {
        const key = runKey(run);
        if (!candidates.has(key) || (run.state !== 'failed' && run.state !== 'success')) continue;
        candidates.delete(key);
        await deps.report({ kind: 'run', deployment: name, run: { ...run, state: run.state } });
        runs += 1;
      }
    }
    next = {
      ...(watchesFailures ? { watermark: Math.max(listFrom, now - deps.settings.overlapMs) } : state.watermark === undefined ? {} : { watermark: state.watermark }),
      followed: [...candidates.values()].filter((run) => run.until > now),
      ...(state.hitl === undefined ? {} : { hitl: state.hitl }),
    };
    if (open !== undefined) next = { ...next, hitl: open };
    return { deployment: name, outcome: 'watched', tasks: tis.length, reported, runs, ...(hitl === undefined ? {} : { hitl }) };
  } finally {
    if (!(await deps.store.release(name, owner, next))) {
      deps.logger.warn({ deployment: name }, 'watcher: the tick outlasted its lease; another tick took the deployment');
    }
  }
}

/**
 * The deployment's waiting human-in-the-loop requests (one request), or `undefined` when the
 * watcher does not follow them or it speaks Airflow 2 (asked nothing, logged nothing).
 */
async function pendingHitl(deployment: DeploymentConfig, client: AirflowClient, deps: Pick<WatchDeps, 'hitl'>): Promise<HitlRequest[] | undefined> {
  if (deps.hitl === undefined || !(await speaksAirflow3(deployment, client))) return undefined;
  return client.listPendingHitl();
}

/** The outage after a failed tick: the first one posts the notice; later ones only retry a post that failed. */
async function noticeOutage(
  deployment: DeploymentConfig,
  current: Outage | undefined,
  reason: string,
  now: number,
  deps: WatchDeps,
): Promise<Outage> {
  const outage = current ?? { since: now, reason };
  if (outage.notice !== undefined) return outage;
  const channel = noticeChannel(deployment);
  if (channel === undefined) {
    if (current === undefined) deps.logger.warn({ deployment: deployment.name }, 'watcher: no channel for the outage notice');
    return outage;
  }
  try {
    const ts = await deps.slack.post(channel, outageText(deployment, outage.since, outage.reason));
    return { ...outage, notice: { channel, ts } };
  } catch (error) {
    deps.logger.error({ deployment: deployment.name, err: error }, 'watcher: could not post the outage notice; the next tick tries again');
    return outage;
  }
}

async function noticeRecovery(deployment: DeploymentConfig, outage: Outage, now: number, deps: WatchDeps): Promise<void> {
  deps.logger.info({ deployment: deployment.name, since: new Date(outage.since).toISOString() }, 'watcher: the deployment answers again');
  if (outage.notice === undefined) return;
  try {
    await deps.slack.update(outage.notice.channel, outage.notice.ts, recoveredText(deployment, outage.since, now));
  } catch (error) {
    // The outage is over either way; a notice left unedited is not worth a second notice.
    deps.logger.error({ deployment: deployment.name, err: error }, 'watcher: could not edit the outage notice');
  }
}

function isWatchedState(ti: TaskInstance): ti is TaskInstance & { state: WatchedTaskState } {
  return (WATCHED_TASK_STATES as readonly (string | null)[]).includes(ti.state);
}

/** Oldest first, so the alert shows failures in the order they happened. */
function byEndDate(tis: TaskInstance[]): TaskInstance[] {
  const end = (ti: TaskInstance) => Date.parse(ti.endDate ?? '') || 0;
  return [...tis].sort((a, b) => end(a) - end(b));
}

function runKey(run: { dagId: string; runId: string }): string {
  return JSON.stringify([run.dagId, run.runId]);
}

function follow(candidates: Map<string, FollowedRun>, ti: TaskInstance, followMs: number): void {
  const ended = Date.parse(ti.endDate ?? '');
  if (Number.isNaN(ended)) return;
  const key = runKey(ti);
  const known = candidates.get(key);
  candidates.set(key, {
    dagId: ti.dagId,
    runId: ti.runId,
    since: Math.min(known?.since ?? ended, ended),
    until: Math.max(known?.until ?? 0, ended + followMs),
  });
}
