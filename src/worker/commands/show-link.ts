import type { KnownBlock } from '@slack/types';
import { asBotError, BotError } from '../../errors';
import type { AirflowLink, SlackRequestContext, WorkerJob } from '../../protocol/job';
import type { ReplyMessage } from '../../slack-replies/slack-replies';
import { resolveAddress } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';
import { buildRunsList } from './show-runs';
import { buildTaskInstanceCard } from './task-instance-card';

/** A run or DAG link shows the DAG's recent runs: as many as `runs` shows by default. */
const LINKED_RUNS_LIMIT = 10;

/**
 * What an Airflow link shows, for the user in `ctx`: a task instance's card (the one `ti` shows,
 * with the action buttons only when this user may act), or the recent runs of the run's or the
 * DAG's DAG (as `runs` shows them).
 *
 * @throws `BotError('permission_denied')` when the user may not read the deployment (recorded in
 *   the audit trail), and whatever reading Airflow throws.
 */
export async function linkMessage(deps: WorkerDeps, link: AirflowLink, ctx: SlackRequestContext): Promise<ReplyMessage> {
  if (link.kind !== 'task_instance') return buildRunsList(deps, link.deployment, link.dagId, LINKED_RUNS_LIMIT, ctx);
  const { deployment, dagId, runId, taskId, mapIndex } = link;
  const resolved = await resolveAddress(deps, { deployment, dagId, runId, taskId, mapIndex }, ctx);
  // Judged as for this user alone, even where everyone sees it: no button they may not use.
  return buildTaskInstanceCard(deps, resolved, { ...ctx, isEphemeral: true });
}

/**
 * `link_shared`: unfurls each link into its card, in one `chat.unfurl`, when both the user and the
 * conversation may read its deployment. An unfurl is seen by everyone in the conversation (a shared
 * channel's other organisation too), so the conversation must be one the registry lets read it (a
 * deployment open to anyone, or a channel among its readers'); a message still being written, a DM
 * or another channel gets nothing, and neither does a link the user may not read or that Airflow
 * cannot answer for: nothing is shown rather than an error. Never throws.
 */
export async function unfurlLinks(job: Extract<WorkerJob, { kind: 'unfurl' }>, deps: WorkerDeps): Promise<void> {
  const unfurls: Record<string, { blocks: KnownBlock[] }> = {};
  for (const link of job.links) {
    if (!(await conversationMayRead(deps, link.deployment, job.slack))) {
      deps.logger.info({ deployment: link.deployment }, 'link not unfurled: the conversation may not read the deployment');
      continue;
    }
    try {
      unfurls[link.url] = { blocks: (await linkMessage(deps, link, job.slack)).blocks };
    } catch (error) {
      const botError = asBotError(error);
      const log = botError.kind === 'internal' ? deps.logger.error.bind(deps.logger) : deps.logger.warn.bind(deps.logger);
      log({ err: botError.cause ?? botError, kind: botError.kind, deployment: link.deployment }, 'link not unfurled');
    }
  }
  if (Object.keys(unfurls).length === 0) return;
  try {
    await surfacesOf(deps).unfurl(job.message, unfurls);
  } catch (error) {
    deps.logger.error({ err: asBotError(error).cause ?? error }, 'could not unfurl');
  }
}

/** Whether everyone in the conversation may read the deployment: it is open to anyone, or the channel is among its readers. */
async function conversationMayRead(deps: WorkerDeps, name: string, ctx: SlackRequestContext): Promise<boolean> {
  const deployment = deps.registry.deployments.find((candidate) => candidate.name === name);
  if (deployment === undefined) return false;
  if (deployment.readers === undefined) return true;
  if (ctx.channelId === undefined) return false;
  // No user: only what the channel itself is granted counts.
  return deps.access.canRead(deployment, { userId: '', channelId: ctx.channelId, ...(ctx.teamId === undefined ? {} : { teamId: ctx.teamId }) });
}

/** The message shortcut "Look up in Airflow": the link's card, to the clicker alone, beside the message. */
export async function lookUpLink(job: Extract<WorkerJob, { kind: 'lookup' }>, deps: WorkerDeps): Promise<void> {
  const message = await linkMessage(deps, job.link, job.slack);
  await deps.replies.reply(job.slack, message, { replaceOriginal: false });
}

/** The unfurl and Home tab client; a worker built without one is a wiring mistake. */
export function surfacesOf(deps: WorkerDeps): NonNullable<WorkerDeps['surfaces']> {
  if (deps.surfaces === undefined) throw new BotError('internal', 'This worker cannot unfurl links or publish a Home tab (no Slack surfaces).');
  return deps.surfaces;
}
