import { loadDigest } from '../../alert-log/digest';
import { BotError } from '../../errors';
import type { Command } from '../../protocol/command';
import type { SlackRequestContext } from '../../protocol/job';
import { digestMessage } from '../../views/digest-message';
import { requesterOf } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';

/**
 * `digest`: the last 24 hours of the alerts posted in the channel the command was typed in, read
 * from the alert store (never from Airflow), limited to the deployments the user may read, with the
 * DAGs of the channel's deployments snoozed in that time.
 */
export async function showDigest(command: Extract<Command, { name: 'digest' }>, ctx: SlackRequestContext, deps: WorkerDeps): Promise<void> {
  if (deps.alertLog === undefined) throw new BotError('config', 'This bot keeps no alerts (no alert table is configured), so it has no digest to show.');
  if (ctx.channelId === undefined) throw new BotError('usage', 'Type the digest command in the channel whose alerts you want summed up.');
  const readable = new Set<string>();
  for (const deployment of deps.registry.deployments) {
    if (await deps.access.canRead(deployment, requesterOf(ctx))) readable.add(deployment.name);
  }
  const snoozes = deps.snoozing === undefined ? undefined : { store: deps.snoozing.store, registry: deps.registry };
  const digest = await loadDigest(deps.alertLog, ctx.channelId, deps.clock(), (deployment) => readable.has(deployment), snoozes);
  await deps.replies.reply(ctx, digestMessage(digest), { replaceOriginal: !command.share, share: command.share });
}
