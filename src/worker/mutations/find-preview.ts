import { changeName, changeOf, type Change } from '../../changes/change';
import { requireChange } from '../../changes/permissions';
import { recordAudit, type AttemptEvent } from '../../changes/record-audit';
import { addressOf, type ResolvedTaskInstance } from '../../changes/target';
import { asBotError, BotError } from '../../errors';
import { decodePreviewId } from '../../protocol/button-values';
import type { SlackRequestContext } from '../../protocol/job';
import type { StoredPreview } from '../previews/preview-store';
import { resolveAddress, slackActor } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';

/** Where a refusal is recorded when the click names no preview the bot knows. */
const UNKNOWN_DEPLOYMENT = '(unknown)';

export interface FoundPreview {
  preview: StoredPreview;
  resolved: ResolvedTaskInstance;
  /** The change the preview asks for. */
  change: Extract<Change, { kind: 'mark' | 'clear' }>;
  audit: Omit<AttemptEvent, 'outcome'>;
}

/**
 * The stored preview a Confirm or Cancel click names: the value must be a preview id the bot
 * issued, from the workspace it was shown in. Every refusal is recorded and changes nothing. The
 * preview is not claimed here: a reader's click must not use up an actor's preview (a Cancel checks
 * the permission here; a Confirm's is the change service's first step, before its claim).
 *
 * @throws `BotError('invalid')` for a damaged value or a preview never issued;
 *   `BotError('permission_denied')` for another workspace, or a Cancel by a user who may not act.
 */
export async function findPreview(
  value: string,
  ctx: SlackRequestContext,
  deps: WorkerDeps,
  click: 'confirm' | 'cancel',
): Promise<FoundPreview> {
  let previewId: string;
  try {
    previewId = decodePreviewId(value);
  } catch (error) {
    await refuseUnknown(deps, ctx, click, 'damaged button value', undefined);
    throw asBotError(error);
  }
  const preview = await deps.previews.get(previewId);
  if (preview === undefined) {
    await refuseUnknown(deps, ctx, click, 'no such preview was issued', previewId);
    throw new BotError('invalid', 'This button does not match any preview the bot showed. Nothing was changed: preview the action again.');
  }
  const resolved = await resolveAddress(deps, preview.target, ctx);
  const change = changeOf(preview.action);
  const audit = {
    deployment: resolved.deployment.name,
    action: changeName(change),
    target: addressOf(resolved.deployment.name, resolved.ref),
    previewId,
  };
  if (preview.teamId !== undefined && ctx.teamId !== preview.teamId) {
    await recordAudit(deps, slackActor(ctx), { ...audit, outcome: 'refused', reason: `${click} from another workspace` });
    throw new BotError('permission_denied', 'This preview was shown in another workspace. Nothing was changed.');
  }
  if (click === 'cancel') await requireChange(deps, slackActor(ctx), resolved.deployment, change, { target: audit.target, previewId });
  return { preview, resolved, change, audit };
}

async function refuseUnknown(
  deps: WorkerDeps,
  ctx: SlackRequestContext,
  click: 'confirm' | 'cancel',
  reason: string,
  previewId: string | undefined,
): Promise<void> {
  await recordAudit(deps, slackActor(ctx), {
    deployment: UNKNOWN_DEPLOYMENT,
    action: click,
    target: 'unknown preview',
    outcome: 'refused',
    reason,
    ...(previewId === undefined ? {} : { previewId }),
  });
}
