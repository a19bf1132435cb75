import { auditSubject } from '../../audit/audit-trail';
import type { TaskInstanceTarget } from '../../protocol/command';
import type { TaskInstanceAddress } from '../../protocol/interaction-types';
import type { SlackRequestContext } from '../../protocol/job';
import { auditHistory } from '../../views/audit-history';
import { resolveAddress, resolveTaskInstance } from '../resolve-target';
import { addressOf, type ResolvedTaskInstance } from '../../changes/target';
import type { ReplyOptions } from '../../slack-replies/slack-replies';
import type { WorkerDeps } from '../worker-deps';

/** The history shown: enough to see who did what lately, few enough to read. */
const AUDIT_ENTRIES_SHOWN = 25;

/** `audit <task instance>`: its recent history from the audit trail, for anyone who may read the deployment. */
export async function showAudit(
  target: TaskInstanceTarget,
  ctx: SlackRequestContext,
  deps: WorkerDeps,
  options: ReplyOptions,
): Promise<void> {
  await replyWithAudit(deps, await resolveTaskInstance(deps, target, ctx), ctx, options);
}

/** The card's overflow entry Audit: the history arrives beside the card, which stays. */
export async function showAuditOfAddress(address: TaskInstanceAddress, ctx: SlackRequestContext, deps: WorkerDeps): Promise<void> {
  await replyWithAudit(deps, await resolveAddress(deps, address, ctx), ctx, { replaceOriginal: false });
}

async function replyWithAudit(
  deps: WorkerDeps,
  resolved: ResolvedTaskInstance,
  ctx: SlackRequestContext,
  options: ReplyOptions,
): Promise<void> {
  const address = addressOf(resolved.deployment.name, resolved.ref);
  const records = await deps.audit.recent(auditSubject(resolved.deployment.name, address), AUDIT_ENTRIES_SHOWN);
  const display = { name: resolved.deployment.name, displayName: resolved.deployment.displayName };
  await deps.replies.reply(ctx, auditHistory({ deployment: display, address, records }), options);
}
