import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logging/logger';
import { alertMessage } from '../views/alert-message';
import { packLines } from '../views/pack-lines';
import { resolvedSentence } from './alert-transitions';
import type { AlertDoc, RunKey } from './alert-state';
import { alertItemKey, type AlertStore, type InboxEntry, type StoredAlert } from './alert-store';
import type { AlertLog } from '../alert-log/alert-log';
import type { AirflowClient } from '../airflow/client';
import type { Clock } from '../clock';
import { asBotError } from '../errors';
import { DEFAULT_RATE_LIMIT_POLICY, retryRateLimited, withTimeLeft, type RateLimitPolicy } from '../slack-replies/rate-limit';
import type { BotMetrics } from '../metrics/bot-metrics';
import { applyObservation } from './alert-transitions';
import { readCause } from './read-cause';
import { unlistedCounts } from './unlisted-tasks';

export interface AlertRendererDeps {
  store: AlertStore;
  /** Reads the cause of a new alert from its primary task instance's log. */
  airflow: { get(deploymentName: string): AirflowClient };
  /** The bot's Web API client (see `lazySlackWebClient`): it hands Slack's 429s back. */
  web: () => Promise<WebClient>;
  /**
   * How Slack's 429s are waited out: the alert worker narrows it to its invocation's time left
   * (`rateLimitPolicyFor`). The renderer narrows it further to its lease.
   *
   * @default DEFAULT_RATE_LIMIT_POLICY
   */
  rateLimit?: RateLimitPolicy;
  logger: Logger;
  /** Gathers a burst of changes into one Slack update. */
  coalesceMs: number;
  sleep: (ms: number) => Promise<void>;
  /** A unique id for each render lease. */
  newOwner: () => string;
  clock: Clock;
  /**
   * Counts posts and edits and the seconds from each event to Slack; the caller flushes them.
   * Absent: nothing is counted (the Slack worker's edits after a change made from Slack).
   */
  metrics?: Pick<BotMetrics, 'alertPosted' | 'alertEdited' | 'eventToSlack'>;
  /** Lists each new alert under its channel and day, for reminders and digests. Absent: not listed. */
  alertLog?: Pick<AlertLog, 'recordPosted'>;
}

/** Thread posts are kept well under Slack's 40,000 characters so each reads as a short list. */
const THREAD_POST_MAX = 3000;
/** Inbox entries folded per round (each is one `REMOVE` in an update expression of at most 4 KB). */
const MAX_FOLD = 150;
/** A runaway loop (a run changing faster than Slack can be told) stops here; the next event resumes. */
const MAX_ROUNDS = 50;
/**
 * Kept of the lease for the Slack call after a rate-limit wait (the Web API client's 10 s timeout)
 * and storing what was shown: a renderer still waiting when its lease ends could be joined by a
 * second one, and the run would get two messages.
 */
const LEASE_RESERVE_MS = 15_000;

/**
 * Shows a run's alert in Slack as it stands: one renderer at a time (a lease in the store), so
 * concurrent events never post two messages. Each round folds the events that arrived into the
 * alert, then the first round posts (`chat.postMessage`) and later ones edit (`chat.update`) and
 * post the new lines in the message's thread, several lines to a post. The holder keeps going until
 * nothing newer is stored, and gives the lease back only when what it showed is the newest version:
 * an event stored meanwhile is never left unshown.
 */
export async function renderAlert(key: RunKey, deps: AlertRendererDeps): Promise<void> {
  const owner = deps.newOwner();
  if (!(await deps.store.claimRender(key, owner))) return;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    // Claimed or renewed (by `recordRender`) just now.
    const leaseEnds = deps.clock() + deps.store.leaseMs;
    await deps.sleep(deps.coalesceMs);
    const current = await deps.store.get(key);
    if (current === undefined) return;
    const folded = await fold(current, deps);
    const shown = folded.doc === undefined ? {} : await show(current, folded.doc, folded, deps, leaseEnds);
    // Every line is shown now (on the first post or in the thread): none is stored.
    const recorded = await deps.store.recordRender(key, owner, {
      ...(folded.doc === undefined ? {} : { doc: { ...folded.doc, lines: [] } }),
      consumed: folded.consumed,
      renderedVersion: current.version,
      postedLineSeq: folded.doc?.lineSeq ?? 0,
      ...shown,
    });
    if (!recorded) return;
    if (await deps.store.releaseRender(key, owner, current.version)) return;
  }
  deps.logger.warn({ deployment: key.deployment, dagId: key.dagId }, 'alert still changing after many renders; leaving it to the next event');
}

interface Folded {
  doc?: AlertDoc;
  changed: boolean;
  consumed: InboxEntry[];
  /** When the events that changed the alert happened (`occurredAt`), for the seconds from event to Slack. */
  occurred: number[];
}

/** The alert with the waiting events applied; the cause read once the alert exists. */
async function fold(current: StoredAlert, deps: AlertRendererDeps): Promise<Folded> {
  const entries = current.inbox.slice(0, MAX_FOLD);
  let doc = current.doc;
  let changed = false;
  const occurred: number[] = [];
  for (const entry of entries) {
    const next = applyObservation(doc, entry.observation, entry.at, () => current.init);
    if (next === undefined) {
      deps.logger.info({ deployment: current.init.key.deployment, kind: entry.observation.kind }, 'alert event changes nothing; dropped');
      continue;
    }
    doc = next;
    changed = true;
    if (entry.occurredAt !== undefined) occurred.push(entry.occurredAt);
  }
  if (doc !== undefined && doc.cause === undefined && doc.causeUnavailable !== true) {
    const primary = doc.tasks[doc.primary];
    if (primary !== undefined) {
      const ref = { dagId: doc.key.dagId, runId: doc.key.runId, taskId: primary.taskId, mapIndex: primary.mapIndex };
      try {
        doc.cause = await readCause(deps.airflow.get(doc.key.deployment), { ...ref, tryNumber: primary.tryNumber });
      } catch (error) {
        deps.logger.warn({ err: asBotError(error), deployment: doc.key.deployment }, 'could not read the log for the alert');
        doc.causeUnavailable = true;
      }
      changed = true;
    }
  }
  return { ...(doc === undefined ? {} : { doc }), changed, consumed: entries, occurred };
}

async function show(current: StoredAlert, doc: AlertDoc, folded: Folded, deps: AlertRendererDeps, leaseEnds: number): Promise<{ ts?: string }> {
  const web = await deps.web();
  const policy = withTimeLeft(deps.rateLimit ?? DEFAULT_RATE_LIMIT_POLICY, () => leaseEnds - LEASE_RESERVE_MS - deps.clock());
  const message = alertMessage(viewOf(doc));
  const deployment = doc.key.deployment;
  const shownNow = () => {
    const now = deps.clock();
    for (const at of folded.occurred) deps.metrics?.eventToSlack(deployment, (now - at) / 1000);
  };
  if (current.ts === undefined) {
    // The lines so far are on the message itself: none go to the thread.
    const posted = await retryRateLimited(() => web.chat.postMessage({ channel: doc.channel, text: message.text, blocks: message.blocks }), policy, {
      channel: doc.channel,
    });
    deps.metrics?.alertPosted(deployment);
    shownNow();
    await listPosted(doc, deps);
    return { ts: String(posted.ts) };
  }
  if (!folded.changed) return {};
  const ts = current.ts;
  await retryRateLimited(() => web.chat.update({ channel: doc.channel, ts, text: message.text, blocks: message.blocks }), policy);
  deps.metrics?.alertEdited(deployment);
  shownNow();
  const newLines = doc.lines.filter((line) => line.seq > current.postedLineSeq).map((line) => line.text);
  for (const text of packLines(newLines, THREAD_POST_MAX)) {
    await retryRateLimited(() => web.chat.postMessage({ channel: doc.channel, thread_ts: ts, text }), policy, { channel: doc.channel });
  }
  return {};
}

/** The alert is posted whatever happens here: a digest missing one alert beats a second post. */
async function listPosted(doc: AlertDoc, deps: AlertRendererDeps): Promise<void> {
  try {
    await deps.alertLog?.recordPosted({ pk: alertItemKey(doc.key), channel: doc.channel, at: deps.clock() });
  } catch (error) {
    deps.logger.warn({ err: asBotError(error), deployment: doc.key.deployment }, 'could not list the alert for reminders and digests');
  }
}

/** The message's input from the stored document. */
export function viewOf(doc: AlertDoc): Parameters<typeof alertMessage>[0] {
  const resolvedAfterMs = doc.resolvedAt === undefined ? undefined : doc.resolvedAt - doc.createdAt;
  return {
    deployment: { name: doc.key.deployment, displayName: doc.deploymentDisplay },
    dagId: doc.key.dagId,
    runId: doc.key.runId,
    tasks: doc.tasks,
    primary: doc.primary,
    unlisted: unlistedCounts(doc.unlisted, doc.beyond),
    ...(doc.primaryUiUrl === undefined ? {} : { primaryUiUrl: doc.primaryUiUrl }),
    ...(doc.runUiUrl === undefined ? {} : { runUiUrl: doc.runUiUrl }),
    ...(doc.cause === undefined ? {} : { cause: doc.cause }),
    ...(doc.causeUnavailable === true ? { causeUnavailable: true } : {}),
    ...(doc.mention === undefined ? {} : { mention: doc.mention }),
    ...(doc.runState === undefined ? {} : { runState: doc.runState }),
    ...(doc.acknowledgements === undefined ? {} : { acknowledgements: doc.acknowledgements }),
    ...(resolvedAfterMs === undefined ? {} : { resolvedText: resolvedSentence(doc, resolvedAfterMs) }),
  };
}
