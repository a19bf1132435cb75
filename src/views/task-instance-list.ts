import type { ActionsBlockElement, KnownBlock } from '@slack/types';
import { UNMAPPED, type TaskInstance } from '../airflow/model';
import { availableActions, type CardAction } from './available-actions';
import { actionsBlock, contextBlock, headerBlock, sectionBlock } from './blocks';
import { formatTimestamp } from './format-time';
import { MESSAGE_BLOCKS_MAX } from './limits';
import { linkButton } from './links';
import type { DeploymentDisplay, SlackMessage } from './message';
import { inlineCode } from './mrkdwn-code';
import { escapeMrkdwn } from './mrkdwn-escape';
import { stateEmoji, stateLabel } from './state-emoji';
import { taskInstanceButtons } from './task-instance-buttons';
import { tryOfTotal } from './try-text';

/**
 * `block_id` prefix of a list row's buttons: a click there must not replace the whole list with
 * one task instance's preview.
 */
export const LIST_ROW_BLOCK_PREFIX = 'ti_list_row_';

export interface TaskInstanceListInput {
  deployment: DeploymentDisplay;
  /** e.g. `Failed task instances (last 24 hours)`. */
  title: string;
  tis: readonly TaskInstance[];
  /** Each task instance in the Airflow UI. */
  uiUrlFor: (ti: TaskInstance) => string;
  /** Buttons the user may have; by default View logs, Mark success and Clear where they make sense. */
  allowedActions?: readonly CardAction[];
  /** At most this many task instances are shown (the rest are counted); 20 by default. */
  maxShown?: number;
}

/** The only buttons a list row offers: the rest are on the card. */
const ROW_ACTIONS: readonly CardAction[] = ['viewLogs', 'markSuccess', 'clear'];
/** Header, count line and "…and M more" take three blocks; each row takes two. */
const ROWS_MAX = Math.floor((MESSAGE_BLOCKS_MAX - 3) / 2);
const DEFAULT_SHOWN = 20;
/** Three ids per row in a section of 3000 characters. */
const ROW_ID_MAX = 800;

/**
 * A compact list of task instances (for `failed`): per row its state, ids, try and end time, and a
 * small button set (View logs, Mark success, Clear, Open in Airflow). At most 20 rows (never more
 * than 50 blocks), then "…and M more".
 *
 * @example
 * taskInstanceList({ deployment, title: 'Failed task instances', tis, uiUrlFor: (ti) => tiUrl(ti) })
 */
export function taskInstanceList(input: TaskInstanceListInput): SlackMessage {
  const { deployment, tis } = input;
  const shownMax = Math.max(0, Math.min(input.maxShown ?? DEFAULT_SHOWN, ROWS_MAX));
  const shown = tis.slice(0, shownMax);
  const blocks: KnownBlock[] = [
    headerBlock(input.title),
    contextBlock(`${countLabel(tis.length)} in ${escapeMrkdwn(deployment.displayName, 200)}`),
  ];
  if (tis.length === 0) blocks.push(sectionBlock(':white_check_mark: No task instances to show.'));
  shown.forEach((ti, row) => blocks.push(rowSection(ti), rowActions(input, ti, row)));
  const hidden = tis.length - shown.length;
  if (hidden > 0) blocks.push(contextBlock(`…and ${hidden} more. Narrow it down with a DAG id.`));
  return {
    text: `${escapeMrkdwn(input.title, 300)}: ${countLabel(tis.length)} in ${escapeMrkdwn(deployment.displayName, 200)}`,
    blocks,
  };
}

function countLabel(count: number): string {
  return `${count} task instance${count === 1 ? '' : 's'}`;
}

function rowSection(ti: TaskInstance): KnownBlock {
  const mapped = ti.mapIndex === UNMAPPED ? '' : ` [${ti.mapIndex}]`;
  const tryText = `try ${tryOfTotal(ti)}`;
  return sectionBlock(
    `${stateEmoji(ti.state)} *${stateLabel(ti.state)}* ${inlineCode(ti.taskId, ROW_ID_MAX)}${mapped}` +
      ` in ${inlineCode(ti.dagId, ROW_ID_MAX)}\n` +
      `Run ${inlineCode(ti.runId, ROW_ID_MAX)} · ${tryText} · ended ${formatTimestamp(ti.endDate)}`,
  );
}

/** Every row gets an actions block (or a context line), so the block count stays predictable. */
function rowActions(input: TaskInstanceListInput, ti: TaskInstance, row: number): KnownBlock {
  const permitted = input.allowedActions;
  const actions = availableActions(ti.state, { tryNumber: ti.tryNumber }).filter(
    (action) => ROW_ACTIONS.includes(action) && (permitted === undefined || permitted.includes(action)),
  );
  const elements: ActionsBlockElement[] = [];
  const built = taskInstanceButtons(input.deployment.name, ti, actions);
  if (built.ok) elements.push(...built.buttons);
  const open = linkButton('Open in Airflow', input.uiUrlFor(ti));
  if (open !== undefined) elements.push(open);
  if (elements.length > 0) return actionsBlock(elements, `${LIST_ROW_BLOCK_PREFIX}${row}`);
  return contextBlock(built.ok ? 'No actions available.' : `Buttons are unavailable: ${escapeMrkdwn(built.reason, 500)}`);
}
