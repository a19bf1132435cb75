import type { ActionPreview } from '../airflow/model';
import type { KnownBlock } from '@slack/types';
import { asBotError } from '../errors';
import { encodePreviewId } from '../protocol/button-values';
import { ACTION_IDS, type PendingAction } from '../protocol/interaction-types';
import { actionScope, actionTitle, countTaskInstances, isDestructive, newStateText } from './action-words';
import { affectedListBlocks } from './affected-list';
import { actionsBlock, button, contextBlock, sectionBlock } from './blocks';
import type { DeploymentDisplay, SlackMessage } from './message';
import { inlineCode } from './mrkdwn-code';
import { escapeMrkdwn } from './mrkdwn-escape';
import { stateEmoji, stateLabel } from './state-emoji';
import { userMention } from './user-mention';

export interface ActionPreviewInput {
  deployment: DeploymentDisplay;
  pending: PendingAction;
  /** The dry run's answer. */
  preview: ActionPreview;
  /** Slack user id of who asked. */
  requestedBy: string;
}

/**
 * What an action would change, before anything changes: "Mark success: 3 task instances will
 * change", the task instances with their current → new state (at most 20, then a count), and
 * Confirm / Cancel buttons carrying only the preview's id (the bot stores the preview). Confirm is
 * red for failing and clearing.
 *
 * When nothing would change there is no Confirm.
 *
 * @example
 * respond({ replace_original: false, ...actionPreview({ deployment, pending, preview, requestedBy: userId }) })
 */
export function actionPreview(input: ActionPreviewInput): SlackMessage {
  const { pending, preview } = input;
  const { action, target } = pending;
  const count = preview.affected.length;
  const title = actionTitle(action);
  const summary =
    count === 0
      ? `*${title}*${actionScope(action)}: nothing would change.`
      : `*${title}*${actionScope(action)}: ${countTaskInstances(count)} will change.`;
  const blocks: KnownBlock[] = [
    sectionBlock(summary),
    contextBlock(
      `${inlineCode(target.taskId, 600)} in ${inlineCode(target.dagId, 600)} / ${inlineCode(target.runId, 600)}` +
        ` · ${escapeMrkdwn(input.deployment.displayName, 200)} · requested by ${userMention(input.requestedBy)}`,
    ),
    ...affectedListBlocks(
      preview.affected,
      (ti) => `${stateEmoji(ti.state)} ${stateLabel(ti.state)} → ${newStateText(action)}`,
    ),
  ];
  blocks.push(...buttonBlocks(pending, count > 0));
  return {
    text: count === 0 ? `${title}: nothing would change.` : `${title}: ${countTaskInstances(count)} will change. Confirm or cancel.`,
    blocks,
  };
}

function buttonBlocks(pending: PendingAction, withConfirm: boolean): KnownBlock[] {
  let value: string;
  try {
    value = encodePreviewId(pending.previewId);
  } catch (error) {
    return [contextBlock(`This action cannot be confirmed from Slack: ${escapeMrkdwn(asBotError(error).userMessage, 500)}`)];
  }
  const cancel = button({ actionId: ACTION_IDS.cancel, text: 'Cancel', value });
  if (!withConfirm) return [actionsBlock([cancel])];
  const confirm = button({
    actionId: ACTION_IDS.confirm,
    text: 'Confirm',
    value,
    style: isDestructive(pending.action) ? 'danger' : 'primary',
  });
  return [actionsBlock([confirm, cancel])];
}
