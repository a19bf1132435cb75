import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logging/logger';
import { alertMessage } from '../views/alert-message';
import { packLines } from '../views/pack-lines';
import { resolvedSentence } from './alert-transitions';
import type { AlertDoc, RunKey } from './alert-state';
import type { AlertStore, StoredAlert } from './alert-store';

export interface AlertRendererDeps {
  store: AlertStore;
  /** The bot's Web API client; it waits out Slack's 429 `Retry-After` itself. */
  web: () => Promise<WebClient>;
  logger: Logger;
  /** Gathers a burst of changes into one Slack update. */
  coalesceMs: number;
  sleep: (ms: number) => Promise<void>;
  /** A unique id for each render lease. */
  newOwner: () => string;
}

/** Thread posts are kept well under Slack's 40,000 characters so each reads as a short list. */
const THREAD_POST_MAX = 3000;
/** A runaway loop (a run changing faster than Slack can be told) stops here; the next event resumes. */
const MAX_ROUNDS = 50;

/**
 * Shows a run's alert in Slack as it stands: one renderer at a time (a lease in the store), so
 * concurrent events never post two messages. The first render posts (`chat.postMessage`); later
 * ones edit (`chat.update`) and post the new lines in the message's thread, several lines to a
 * post. The holder keeps rendering until nothing newer is stored, and gives the lease back only
 * when what it showed is the newest version: a change stored meanwhile is never left unshown.
 */
export async function renderAlert(key: RunKey, deps: AlertRendererDeps): Promise<void> {
  const owner = deps.newOwner();
  if (!(await deps.store.claimRender(key, owner))) return;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    await deps.sleep(deps.coalesceMs);
    const current = await deps.store.get(key);
    if (current === undefined) return;
    const shown = await show(current, deps);
    if (!(await deps.store.recordRender(key, owner, shown))) return;
    if (await deps.store.releaseRender(key, owner, current.version)) return;
  }
  deps.logger.warn({ deployment: key.deployment, dagId: key.dagId }, 'alert still changing after many renders; leaving it to the next event');
}

async function show(current: StoredAlert, deps: AlertRendererDeps) {
  const web = await deps.web();
  const { doc } = current;
  const message = alertMessage(viewOf(doc));
  if (current.ts === undefined) {
    const posted = await web.chat.postMessage({ channel: doc.channel, text: message.text, blocks: message.blocks });
    // The lines so far are on the message itself.
    return { ts: String(posted.ts), renderedVersion: current.version, postedLineSeq: doc.lineSeq };
  }
  await web.chat.update({ channel: doc.channel, ts: current.ts, text: message.text, blocks: message.blocks });
  const newLines = doc.lines.filter((line) => line.seq > current.postedLineSeq).map((line) => line.text);
  for (const text of packLines(newLines, THREAD_POST_MAX)) {
    await web.chat.postMessage({ channel: doc.channel, thread_ts: current.ts, text });
  }
  return { renderedVersion: current.version, postedLineSeq: doc.lineSeq };
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
    ...(doc.taskUiUrls[doc.primary] === undefined ? {} : { primaryUiUrl: doc.taskUiUrls[doc.primary] }),
    ...(doc.runUiUrl === undefined ? {} : { runUiUrl: doc.runUiUrl }),
    ...(doc.cause === undefined ? {} : { cause: doc.cause }),
    ...(doc.causeUnavailable === true ? { causeUnavailable: true } : {}),
    ...(doc.mention === undefined ? {} : { mention: doc.mention }),
    ...(doc.runState === undefined ? {} : { runState: doc.runState }),
    ...(resolvedAfterMs === undefined ? {} : { resolvedText: resolvedSentence(doc, resolvedAfterMs) }),
  };
}
