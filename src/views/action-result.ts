import type { KnownBlock } from '@slack/types';
import type { AffectedTaskInstance } from '../airflow/model';
import type { PendingAction } from '../protocol/interaction-types';
import { actionOutcome, actionTitle } from './action-words';
import { affectedListBlocks } from './affected-list';
import { contextBlock, sectionBlock } from './blocks';
import type { DeploymentDisplay, SlackMessage } from './message';
import { inlineCode } from './mrkdwn-code';
import { escapeMrkdwn } from './mrkdwn-escape';
import { stateLabel } from './state-emoji';
import { userMention } from './user-mention';

/** Re-exported so the confirm path imports its replies from one place. */
export { staleConfirm } from './stale-confirm';
export { actionRefused } from './action-refused';
export { cancelled } from './cancelled';

export interface ActionResultInput {
  deployment: DeploymentDisplay;
  pending: PendingAction;
  /** What Airflow says it changed, with each state before the change. */
  changed: readonly AffectedTaskInstance[];
  actorUserId: string;
  /** Plain-text remarks below the result (an audit note that could not be written). */
  notices?: readonly string[];
}

/**
 * What an applied action did: "<@U…> marked 3 task instances success", with the task instances
 * (at most 20, then a count), and any notices. The `text` is the same sentence, fit for a thread
 * reply; `headline` is the sentence, the ids and the notices without the list, to put above a card.
 *
 * @example
 * respond({ replace_original: true, ...actionResult({ deployment, pending, changed, actorUserId: userId }) })
 */
export function actionResult(input: ActionResultInput): SlackMessage & { headline: KnownBlock[] } {
  const { action, target } = input.pending;
  const who = userMention(input.actorUserId);
  const sentence =
    input.changed.length === 0
      ? `${who} confirmed *${actionTitle(action)}*; nothing changed (already in that state).`
      : `${who} ${actionOutcome(action, input.changed.length)}.`;
  const headline: KnownBlock[] = [
    sectionBlock(`:white_check_mark: ${sentence}`),
    contextBlock(
      `${inlineCode(target.taskId, 600)} in ${inlineCode(target.dagId, 600)} / ${inlineCode(target.runId, 600)}` +
        ` · ${escapeMrkdwn(input.deployment.displayName, 200)}`,
    ),
    ...(input.notices ?? []).map((notice) => contextBlock(`:memo: ${escapeMrkdwn(notice, 500)}`)),
  ];
  const blocks = [...headline, ...affectedListBlocks(input.changed, (ti) => `was ${stateLabel(ti.state)}`)];
  return { text: sentence, blocks, headline };
}
