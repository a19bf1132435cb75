import { applyDagChange } from '../../changes/apply-dag-change';
import type { DeploymentConfig } from '../../config/types';
import { BotError } from '../../errors';
import type { Command } from '../../protocol/command';
import type { SlackRequestContext } from '../../protocol/job';
import { decodeSnoozeOption } from '../../protocol/snooze-values';
import type { SnoozeStore } from '../../snoozes/snooze-store';
import { describeSnoozeEnd, snoozeEnd } from '../../snoozes/snooze-time';
import { errorMessage } from '../../views/error-message';
import { inlineCode } from '../../views/mrkdwn-code';
import { snoozedText, snoozesList, unsnoozedText } from '../../views/snooze-messages';
import { requesterOf, resolveDeployment, slackActor } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';

/** What snoozing needs beyond the worker's usual dependencies. */
export interface Snoozing {
  store: SnoozeStore;
  /** The user's IANA time zone from Slack (`users.info`), `undefined` when Slack does not say. */
  timeZoneOf(userId: string): Promise<string | undefined>;
}

function snoozingOf(deps: WorkerDeps): Snoozing {
  if (deps.snoozing === undefined) {
    throw new BotError('config', 'Snoozes are kept in the alert table, and this bot has none (`ALERT_TABLE`).');
  }
  return deps.snoozing;
}

/** A Snooze menu option on an alert: until the chosen time, in the clicker's time zone; the alert's thread says who and until when. */
export async function snoozeFromAlert(value: string, ctx: SlackRequestContext, deps: WorkerDeps): Promise<void> {
  const option = decodeSnoozeOption(value);
  const snoozing = snoozingOf(deps);
  const { deployment } = resolveDeployment(deps, option.deployment, ctx);
  const timeZone = await timeZoneOf(snoozing, ctx.userId, deps);
  const now = deps.clock();
  const until = snoozeEnd(option.choice, now, timeZone);
  const alert = ctx.channelId !== undefined && ctx.messageTs !== undefined && !ctx.isEphemeral ? { channel: ctx.channelId, ts: ctx.messageTs } : undefined;
  await applyDagChange(
    { ...deps, snoozes: snoozing.store },
    {
      actor: slackActor(ctx),
      deployment,
      dagId: option.dagId,
      change: { kind: 'snooze', until, ...(alert === undefined ? {} : { alert }) },
      key: `slack:snooze:${deps.newId()}`,
    },
  );
  const text = snoozedText({ deploymentDisplay: deployment.displayName, dagId: option.dagId, until: describeSnoozeEnd(until, now, timeZone), by: ctx.userId });
  if (!(await deps.replies.postInThread(ctx, text))) {
    await deps.replies.reply(ctx, { text, blocks: [] }, { replaceOriginal: false });
  }
}

/** `snooze <deployment> <dag_id> <duration>`. */
export async function snoozeFromCommand(
  command: Extract<Command, { name: 'snooze' }>,
  ctx: SlackRequestContext,
  deps: WorkerDeps,
  requestId?: string,
): Promise<void> {
  const snoozing = snoozingOf(deps);
  const { deployment } = resolveDeployment(deps, command.deployment, ctx);
  const now = deps.clock();
  const until = now + command.durationMs;
  const { replayed } = await applyDagChange(
    { ...deps, snoozes: snoozing.store },
    {
      actor: slackActor(ctx),
      deployment,
      dagId: command.dagId,
      change: { kind: 'snooze', until },
      key: `slack:snooze:${requestId ?? deps.newId()}`,
      ...(requestId === undefined ? {} : { requestId }),
    },
  );
  if (replayed) return;
  const timeZone = await timeZoneOf(snoozing, ctx.userId, deps);
  const text = snoozedText({ deploymentDisplay: deployment.displayName, dagId: command.dagId, until: describeSnoozeEnd(until, now, timeZone), by: ctx.userId });
  await deps.replies.reply(ctx, { text, blocks: [] }, { replaceOriginal: !command.share, share: command.share });
}

/** `unsnooze <deployment> <dag_id>`. */
export async function unsnoozeFromCommand(
  command: Extract<Command, { name: 'unsnooze' }>,
  ctx: SlackRequestContext,
  deps: WorkerDeps,
  requestId?: string,
): Promise<void> {
  const snoozing = snoozingOf(deps);
  const { deployment } = resolveDeployment(deps, command.deployment, ctx);
  const { outcome, replayed } = await applyDagChange(
    { ...deps, snoozes: snoozing.store },
    {
      actor: slackActor(ctx),
      deployment,
      dagId: command.dagId,
      change: { kind: 'unsnooze' },
      key: `slack:unsnooze:${requestId ?? deps.newId()}`,
      ...(requestId === undefined ? {} : { requestId }),
    },
  );
  if (replayed) return;
  const options = { replaceOriginal: !command.share, share: command.share };
  if (outcome.status === 'not_snoozed') {
    await deps.replies.reply(ctx, errorMessage(`${inlineCode(command.dagId, 300)} is not snoozed in ${deployment.displayName}. Nothing was changed.`), options);
    return;
  }
  const text = unsnoozedText({ userId: ctx.userId, deploymentDisplay: deployment.displayName, dagId: command.dagId, held: outcome.snooze.suppressedRuns.length });
  await deps.replies.reply(ctx, { text, blocks: [] }, options);
}

/** `snoozes`: the snoozes that hold in the deployments the user may read, times in the user's zone. */
export async function listSnoozes(command: Extract<Command, { name: 'snoozes' }>, ctx: SlackRequestContext, deps: WorkerDeps): Promise<void> {
  const snoozing = snoozingOf(deps);
  const readable: DeploymentConfig[] = [];
  for (const deployment of deps.registry.deployments) {
    if (await deps.access.canRead(deployment, requesterOf(ctx))) readable.push(deployment);
  }
  const snoozes = await snoozing.store.list(readable.map((deployment) => deployment.name));
  const timeZone = await timeZoneOf(snoozing, ctx.userId, deps);
  const now = deps.clock();
  const views = snoozes.map((snooze) => ({
    deploymentDisplay: readable.find((deployment) => deployment.name === snooze.deployment)?.displayName ?? snooze.deployment,
    dagId: snooze.dagId,
    until: describeSnoozeEnd(snooze.until, now, timeZone),
    by: snooze.by,
    held: snooze.suppressedRuns.length,
  }));
  await deps.replies.reply(ctx, snoozesList(views, deps.slashCommand), { replaceOriginal: !command.share, share: command.share });
}

/** The user's time zone; UTC when Slack cannot be asked (the snooze is not refused for it). */
async function timeZoneOf(snoozing: Snoozing, userId: string, deps: WorkerDeps): Promise<string> {
  try {
    return (await snoozing.timeZoneOf(userId)) ?? 'UTC';
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not read the user’s time zone from Slack; using UTC');
    return 'UTC';
  }
}
