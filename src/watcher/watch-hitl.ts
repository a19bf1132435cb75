import type { AirflowClient } from '../airflow/client';
import type { HitlRequest } from '../airflow/model';
import type { Clock } from '../clock';
import { alertRouteFor } from '../config/alert-routes';
import type { DeploymentConfig } from '../config/types';
import { asBotError } from '../errors';
import type { HitlKey, HitlMessageStore } from '../hitl-messages/hitl-message-store';
import { taskInstanceUiUrl } from '../links/airflow-ui';
import type { Logger } from '../logging/logger';
import { hitlMessage, type HitlState } from '../views/hitl-message';
import { OPEN_HITL_MAX, type OpenHitl } from './watch-state';
import type { WatcherSlack } from './watcher-slack';

/** What the watcher needs to post and follow human-in-the-loop requests. */
export interface HitlWatchDeps {
  /** What the bot posted, and the answers given through it (shared with the Slack worker). */
  store: HitlMessageStore;
  /**
   * A request someone began answering through the bot this recently (milliseconds), with no Slack
   * answer recorded yet, is left for the next tick: Airflow already has the bot's answer, and its
   * change listener is about to name the Slack user. Any other answer is shown at once.
   *
   * @default 120_000 (two minutes)
   */
  answerGraceMs?: number;
}

export const DEFAULT_HITL_ANSWER_GRACE_MS = 120_000;

/** What one tick did with one deployment's requests. */
export interface HitlTickCounts {
  /** Requests waiting, as Airflow listed them. */
  pending: number;
  /** Messages posted. */
  posted: number;
  /** Messages edited because their request stopped waiting. */
  edited: number;
}

interface FollowDeps {
  hitl: HitlWatchDeps;
  slack: WatcherSlack;
  clock: Clock;
  logger: Logger;
}

/**
 * The tick's work on a deployment's requests, given the ones Airflow lists as waiting: posts each
 * new one once (claimed in the store, so a lost watch state never posts it twice) in the channel
 * the deployment's alert routes choose for its DAG, and edits the message of each that left the list
 * (answered in Airflow, timed out, or its task no longer waiting), so nothing stays clickable that
 * Airflow would refuse. Those answered through the bot are left alone: the change listener edited
 * them. Returns the open list to keep and what it did.
 *
 * @throws `BotError('unavailable')` when the store cannot be read.
 */
export async function followHitl(
  deployment: DeploymentConfig,
  client: AirflowClient,
  open: readonly OpenHitl[],
  pending: readonly HitlRequest[],
  deps: FollowDeps,
): Promise<{ open: OpenHitl[]; counts: HitlTickCounts }> {
  const known = new Map(open.map((entry) => [entryKey(entry), entry]));
  const next: OpenHitl[] = [];
  const counts: HitlTickCounts = { pending: pending.length, posted: 0, edited: 0 };
  for (const request of pending) {
    const key = entryKey(request);
    const entry = known.get(key);
    known.delete(key);
    if (entry !== undefined) {
      next.push(entry);
      continue;
    }
    const posted = await post(deployment, request, deps);
    if (posted === undefined) continue;
    if (posted.message !== undefined) counts.posted += 1;
    next.push(posted);
  }
  for (const gone of known.values()) {
    const kept = await settle(deployment, client, gone, deps);
    if (kept === 'edited') counts.edited += 1;
    else if (kept !== undefined) next.push(kept);
  }
  if (next.length > OPEN_HITL_MAX) {
    next.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const dropped = next.splice(0, next.length - OPEN_HITL_MAX);
    deps.logger.warn({ deployment: deployment.name, dropped: dropped.length }, 'watcher: too many open human-in-the-loop requests; the oldest are no longer followed');
  }
  return { open: next, counts };
}

/** Posts a new request; `undefined` when the post failed (the next tick tries again). */
async function post(deployment: DeploymentConfig, request: HitlRequest, deps: FollowDeps): Promise<OpenHitl | undefined> {
  const entry: OpenHitl = { ref: request.ref, createdAt: request.createdAt };
  const channel = alertRouteFor(deployment, request.ref.dagId)?.channel ?? deployment.defaultChannels[0];
  if (channel === undefined) {
    // Kept open without a message, so it is logged once and not again each tick.
    deps.logger.warn({ deployment: deployment.name, dagId: request.ref.dagId, taskId: request.ref.taskId }, 'watcher: no channel for the human-in-the-loop request; not posted');
    return entry;
  }
  const key = storeKey(deployment, entry);
  if (!(await deps.hitl.store.claimPost(key, request))) {
    const record = await deps.hitl.store.get(key);
    // Posted by a tick whose watch state was lost: followed from its message.
    if (record?.message !== undefined) return { ...entry, message: record.message };
    // Claimed by a tick whose post failed. This tick holds the deployment's lease, so no other tick
    // is posting it now: post it.
  }
  let ts: string;
  try {
    ts = await deps.slack.postMessage(channel, messageOf(deployment, request, { kind: 'pending' }));
  } catch (error) {
    deps.logger.error({ deployment: deployment.name, err: error }, 'watcher: could not post the human-in-the-loop request; the next tick tries again');
    return undefined;
  }
  const message = { channel, ts };
  try {
    await deps.hitl.store.setMessage(key, message);
  } catch (error) {
    // The watch state still follows it; only an answer from Slack will not find the message to edit.
    deps.logger.error({ deployment: deployment.name, err: error }, 'watcher: could not store where the human-in-the-loop request was posted');
  }
  deps.logger.info({ deployment: deployment.name, dagId: request.ref.dagId, runId: request.ref.runId, taskId: request.ref.taskId }, 'watcher: human-in-the-loop request posted');
  return { ...entry, message };
}

/**
 * A request that left the waiting list: its message edited to how it ended (`'edited'`), dropped
 * (`undefined`), or kept for the next tick.
 */
async function settle(deployment: DeploymentConfig, client: AirflowClient, gone: OpenHitl, deps: FollowDeps): Promise<OpenHitl | 'edited' | undefined> {
  if (gone.message === undefined) return undefined;
  const key = storeKey(deployment, gone);
  const record = await deps.hitl.store.get(key);
  if (record?.slackAnswer !== undefined) return undefined;
  let current: HitlRequest | undefined;
  try {
    current = await client.getHitl(gone.ref);
  } catch (error) {
    if (asBotError(error).kind !== 'not_found') {
      deps.logger.warn({ deployment: deployment.name, err: error }, 'watcher: could not read a human-in-the-loop request; the next tick asks again');
      return gone;
    }
  }
  const same = current !== undefined && current.createdAt === gone.createdAt ? current : undefined;
  let state: HitlState;
  if (same !== undefined && same.response !== null) {
    const { by, at, chosenOptions, paramsInput } = same.response;
    // The bot's own answer reaches Airflow before its change listener records who gave it in Slack.
    const answering = record?.answeringAt === undefined ? Number.POSITIVE_INFINITY : deps.clock() - Date.parse(record.answeringAt);
    if (by !== null && gone.waited !== true && answering < (deps.hitl.answerGraceMs ?? DEFAULT_HITL_ANSWER_GRACE_MS)) return { ...gone, waited: true };
    state = { kind: 'answered_in_airflow', by, at, chosenOptions, paramsInput };
  } else if (same?.taskState === 'deferred') {
    // Still waiting: the list and this read crossed. Followed on.
    return gone;
  } else {
    // Its task instance moved on (cleared, failed, marked), or a later try asks again: a new request.
    state = { kind: 'no_longer_waiting', taskState: same?.taskState ?? null };
  }
  const request = same ?? record?.request;
  if (request === undefined) {
    deps.logger.warn({ deployment: deployment.name, taskId: gone.ref.taskId }, 'watcher: a human-in-the-loop request stopped waiting; its message cannot be rebuilt');
    return undefined;
  }
  try {
    await deps.slack.updateMessage(gone.message.channel, gone.message.ts, messageOf(deployment, request, state));
  } catch (error) {
    deps.logger.error({ deployment: deployment.name, err: error }, 'watcher: could not edit the human-in-the-loop message; the next tick tries again');
    return gone;
  }
  deps.logger.info({ deployment: deployment.name, taskId: gone.ref.taskId, state: state.kind }, 'watcher: human-in-the-loop message edited');
  return 'edited';
}

function messageOf(deployment: DeploymentConfig, request: HitlRequest, state: HitlState) {
  return hitlMessage({ deployment, request, uiUrl: taskInstanceUiUrl(deployment.uiUrl, 'v2', request.ref), state });
}

function storeKey(deployment: DeploymentConfig, entry: Pick<OpenHitl, 'ref' | 'createdAt'>): HitlKey {
  return { deployment: deployment.name, ref: entry.ref, createdAt: entry.createdAt };
}

function entryKey(entry: Pick<OpenHitl, 'ref' | 'createdAt'>): string {
  return JSON.stringify([entry.ref.dagId, entry.ref.runId, entry.ref.taskId, entry.ref.mapIndex, entry.createdAt]);
}
