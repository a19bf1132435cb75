import { decodeAddress } from '../protocol/button-values';
import { ACTION_IDS, type ActionId } from '../protocol/interaction-types';
import type { TaskAction } from '../airflow/model';
import { buildTaskInstanceCard } from './commands/task-instance-card';
import { showAuditOfAddress } from './commands/show-audit';
import { replyWithLogExcerpt } from './commands/show-logs';
import { uploadFullLog } from './commands/upload-full-log';
import type { SlackRequestContext } from '../protocol/job';
import { acknowledgeAlert } from './mutations/acknowledge-alert';
import { cancelAction } from './mutations/cancel-action';
import { confirmAction } from './mutations/confirm-action';
import { previewAction } from './mutations/preview-action';
import { snoozeFromAlert } from './mutations/snooze';
import { resolveAddress } from './resolve-target';
import type { WorkerDeps } from './worker-deps';

const BUTTON_ACTIONS: Partial<Record<ActionId, TaskAction>> = {
  [ACTION_IDS.markSuccess]: { kind: 'set_state', newState: 'success', includeUpstream: false, includeDownstream: false },
  [ACTION_IDS.markFailed]: { kind: 'set_state', newState: 'failed', includeUpstream: false, includeDownstream: false },
  [ACTION_IDS.clear]: { kind: 'clear', includeUpstream: false, includeDownstream: false },
};

/** A click on one of the bot's buttons. The card a button sits on is the message that changes. */
export async function handleButton(
  actionId: ActionId,
  value: string,
  ctx: SlackRequestContext,
  deps: WorkerDeps,
  requestId?: string,
): Promise<void> {
  if (actionId === ACTION_IDS.confirm) return confirmAction(value, ctx, deps);
  if (actionId === ACTION_IDS.cancel) return cancelAction(value, ctx, deps);
  if (actionId === ACTION_IDS.snooze) return snoozeFromAlert(value, ctx, deps);

  const address = decodeAddress(value);
  if (actionId === ACTION_IDS.audit) return showAuditOfAddress(address, ctx, deps);
  if (actionId === ACTION_IDS.acknowledge) return acknowledgeAlert(address, ctx, deps, requestId);
  const resolved = await resolveAddress(deps, address, ctx);
  const action = BUTTON_ACTIONS[actionId];
  // A card turns into its preview; a list stays, and the preview arrives beside it.
  const replaceOriginal = ctx.fromList !== true;
  if (action) return previewAction(deps, resolved, action, ctx, { replaceOriginal });
  if (actionId === ACTION_IDS.viewLogs) {
    // The excerpt arrives beside the card, which stays for the next click.
    return replyWithLogExcerpt(deps, resolved, address.tryNumber, ctx, { replaceOriginal: false });
  }
  if (actionId === ACTION_IDS.fullLog) return uploadFullLog(deps, resolved, address.tryNumber, ctx);
  const card = await buildTaskInstanceCard(deps, resolved, ctx);
  await deps.replies.reply(ctx, card, { replaceOriginal });
}
