import type { KnownBlock } from '@slack/types';
import { encodeAddress } from '../protocol/button-values';
import { UNMAPPED, type TaskState } from '../airflow/model';
import { ACTION_IDS } from '../protocol/interaction-types';
import { availableActions, type CardAction } from './available-actions';
import { actionsBlock, button, contextBlock, headerBlock, mrkdwn, sectionBlock } from './blocks';
import { formatClockTime, formatElapsed, formatTimestamp, UNKNOWN } from './format-time';
import { MESSAGE_BLOCKS_MAX, SECTION_TEXT_MAX, TEXT_OBJECT_MAX } from './limits';
import { linkButton, mrkdwnLink } from './links';
import type { DeploymentDisplay, SlackMessage } from './message';
import { causeLines } from './cause-lines';
import { codeBlocks, inlineCode } from './mrkdwn-code';
import { escapeMrkdwn } from './mrkdwn-escape';
import { packLinesCounted } from './pack-lines';
import { stateEmoji, stateLabel } from './state-emoji';
import { LIST_ROW_BLOCK_PREFIX } from './task-instance-list';
import { tryOfTotal } from './try-text';
import { truncate } from './truncate';
import { actorMention, userMention } from './user-mention';
import { snoozeMenu } from './snooze-messages';

/** A task instance as the alert lists it. */
export interface AlertTaskView {
  taskId: string;
  mapIndex: number;
  state: TaskState | null;
  tryNumber: number;
  maxTries: number;
  operator: string | null;
  startDate: string | null;
  endDate: string | null;
  /** mrkdwn, already safe: who or what fixed it. */
  fixedBy?: string;
  /** Acted on from Slack, outcome not known yet. */
  pendingFix?: { userId: string; verb: string };
}

export interface AlertMessageInput {
  deployment: DeploymentDisplay;
  dagId: string;
  runId: string;
  /** The failed task instances of the run the alert lists, in the order they first failed. */
  tasks: readonly AlertTaskView[];
  /** The ones it does not list, counted: fixed (succeeded or skipped) and not. */
  unlisted?: { notFixed: number; fixed: number };
  /** Index in `tasks` of the one the card and buttons are about. */
  primary: number;
  /** Its page in the Airflow UI. */
  primaryUiUrl?: string;
  runUiUrl?: string;
  cause?: { tryNumber: number; firstLineNumber: number; lines: readonly string[]; lineNumbers?: readonly number[]; errorFound: boolean };
  causeUnavailable?: boolean;
  /** A Slack user-group id to mention (first failure of the run). */
  mention?: string;
  runState?: 'failed' | 'success';
  /** `Resolved after 2 retries, 14 min`, once resolved. */
  resolvedText?: string;
  /** Who acknowledged it and when (milliseconds), in the order they did. */
  acknowledgements?: readonly { userId: string; at: number }[];
}

/**
 * The alert's buttons after Acknowledge (always shown: Block Kit shows everyone the same buttons,
 * so a click by someone who already acknowledged takes their acknowledgement back), in this order;
 * each shown only when it makes sense for the task's state.
 */
const ALERT_ACTIONS: readonly CardAction[] = ['viewLogs', 'clear', 'markSuccess', 'addNote'];
/** The Acknowledge button's label: the same for everyone (see ALERT_ACTIONS). */
export const ACKNOWLEDGE_LABEL = 'Acknowledge';
const LABELS: Partial<Record<CardAction, string>> = {
  viewLogs: 'View logs',
  clear: 'Clear (retry)',
  markSuccess: 'Mark success',
  addNote: 'Add note',
};
/**
 * The buttons' block id starts like a list row's: a click answers beside the alert (the preview
 * arrives as a reply only the clicker sees) instead of replacing the alert for everyone.
 */
export const ALERT_BUTTONS_BLOCK_ID = `${LIST_ROW_BLOCK_PREFIX}alert`;

/** Blocks kept for everything but the task list: header, summary, resolution, acknowledgements, card, cause (2), buttons, notes. */
const RESERVED_BLOCKS = 12;
const LIST_SECTIONS_MAX = MESSAGE_BLOCKS_MAX - RESERVED_BLOCKS - 1;
/** Ids shown in the list are cut here: a line stays readable and many fit in a section. */
const LIST_ID_MAX = 120;
const CAUSE_CHARS_MAX = 1800;

/**
 * A run's alert: a header that says failing or resolved, the card of the first failed task
 * instance (state, try n of m, times, operator) with the cause from its log, the buttons View logs,
 * Clear (retry), Mark success, Add note and Open in Airflow, and every failed task instance of the
 * run with its state and who fixed it, within Block Kit's limits ("…and 212 more").
 *
 * @example
 * chat.postMessage({ channel, ...alertMessage(input) })
 */
export function alertMessage(input: AlertMessageInput): SlackMessage {
  const resolved = input.resolvedText !== undefined;
  const failing = input.tasks.filter((task) => !isFixed(task)).length + (input.unlisted?.notFixed ?? 0);
  const dag = input.dagId;
  const blocks: KnownBlock[] = [
    headerBlock(`${resolved ? '✅ Resolved' : '🚨 Failing'}: ${dag}`),
    sectionBlock(summaryText(input, failing)),
  ];
  if (input.resolvedText !== undefined) blocks.push(contextBlock(`:white_check_mark: ${escapeMrkdwn(input.resolvedText, 300)}`));
  if (input.acknowledgements !== undefined && input.acknowledgements.length > 0) blocks.push(contextBlock(acknowledgedText(input.acknowledgements)));
  const primary = input.tasks[input.primary];
  if (primary !== undefined) {
    blocks.push(cardSection(primary));
    blocks.push(...causeBlocks(input));
    const buttons = alertButtons(input, primary);
    if (buttons !== undefined) blocks.push(buttons);
  }
  blocks.push(...listBlocks(input.tasks, unlistedTotal(input)));

  const mention = input.mention === undefined || resolved ? '' : `${subteamMention(input.mention)} `;
  const summary = resolved
    ? `Resolved: ${escapeMrkdwn(dag, 300)} in ${escapeMrkdwn(input.deployment.displayName, 200)}`
    : `${escapeMrkdwn(dag, 300)} is failing in ${escapeMrkdwn(input.deployment.displayName, 200)}: ${failing} task instance${failing === 1 ? '' : 's'}`;
  return { text: `${mention}${summary}`, blocks };
}

/**
 * `👀 Acknowledged by <@U1> · 09:02, <@U2> · 09:05`, each time in the reader's time zone; what
 * does not fit in a context element is counted.
 */
function acknowledgedText(acknowledgements: readonly { userId: string; at: number }[]): string {
  const entries = acknowledgements.map((ack) => `${userMention(ack.userId)} · ${formatClockTime(ack.at)}`);
  const prefix = '👀 Acknowledged by ';
  let text = prefix;
  for (const [index, entry] of entries.entries()) {
    const next = `${index === 0 ? '' : ', '}${entry}`;
    const more = entries.length - index;
    // Room left for the count of the ones that would not fit.
    if (text.length + next.length + ` and ${more} more`.length > TEXT_OBJECT_MAX) return `${text} and ${more} more`;
    text += next;
  }
  return text;
}

function isFixed(task: AlertTaskView): boolean {
  return task.state === 'success' || task.state === 'skipped';
}

function unlistedTotal(input: AlertMessageInput): number {
  return (input.unlisted?.notFixed ?? 0) + (input.unlisted?.fixed ?? 0);
}

function summaryText(input: AlertMessageInput, failing: number): string {
  const mention = input.mention === undefined || input.resolvedText !== undefined ? '' : `${subteamMention(input.mention)} `;
  const run = input.runUiUrl === undefined ? inlineCode(input.runId, 600) : mrkdwnLink(input.runUiUrl, input.runId, 600);
  const recovered = input.tasks.length + unlistedTotal(input) - failing;
  const counts = [`${failing} failing`];
  if (recovered > 0) counts.push(`${recovered} recovered`);
  const runState = input.runState === undefined ? '' : ` · run ${stateLabel(input.runState)}`;
  return truncate(
    `${mention}*${escapeMrkdwn(input.deployment.displayName, 200)}* · DAG ${inlineCode(input.dagId, 600)} · run ${run}\n${counts.join(', ')}${runState}`,
    SECTION_TEXT_MAX,
  );
}

/** `<!subteam^S123>`; anything that is not a user-group id is left out rather than shown raw. */
function subteamMention(groupId: string): string {
  return /^S[A-Z0-9]{2,40}$/.test(groupId) ? `<!subteam^${groupId}>` : '';
}

function cardSection(task: AlertTaskView): KnownBlock {
  const field = (label: string, value: string) => mrkdwn(`*${label}*\n${value}`);
  const mapped = task.mapIndex === UNMAPPED ? '' : ` [${task.mapIndex}]`;
  return {
    type: 'section',
    text: mrkdwn(`${stateEmoji(task.state)} ${inlineCode(task.taskId, 600)}${mapped} *${stateLabel(task.state)}*${fixText(task)}`),
    fields: [
      field('Try', tryOfTotal(task)),
      field('Operator', task.operator === null || task.operator === '' ? UNKNOWN : escapeMrkdwn(task.operator, 300)),
      field('Start', formatTimestamp(task.startDate)),
      field('End', formatTimestamp(task.endDate)),
      field('Duration', task.endDate === null ? UNKNOWN : formatElapsed(task, 0)),
    ],
  };
}

function fixText(task: AlertTaskView): string {
  if (task.fixedBy !== undefined) return ` · fixed by ${task.fixedBy}`;
  if (task.pendingFix !== undefined) return ` · ${escapeMrkdwn(task.pendingFix.verb.toLowerCase(), 40)} by ${actorMention(task.pendingFix.userId)}`;
  return '';
}

function causeBlocks(input: AlertMessageInput): KnownBlock[] {
  const { cause } = input;
  if (cause === undefined) {
    return input.causeUnavailable === true ? [contextBlock('The log could not be read: use View logs.')] : [];
  }
  if (cause.lines.length === 0) return [contextBlock(`The log of try ${cause.tryNumber} is empty.`)];
  // Without numbers (the last lines, or an alert stored before), the lines are adjacent.
  const numbered = cause.lines.map((text, i) => ({ n: cause.lineNumbers?.[i] ?? cause.firstLineNumber + i, text }));
  const shown = causeLines(numbered);
  const title = cause.errorFound
    ? `*Cause* · try ${cause.tryNumber}, ${shown.range}`
    : `*Last lines of the log* · try ${cause.tryNumber} (no error line found)`;
  const [code] = codeBlocks(shown.lines, CAUSE_CHARS_MAX);
  return [sectionBlock(code === undefined ? title : `${title}\n${code}`)];
}

function alertButtons(input: AlertMessageInput, task: AlertTaskView): KnownBlock | undefined {
  const elements = [];
  const actions = availableActions(task.state, { tryNumber: task.tryNumber }).filter((action) => ALERT_ACTIONS.includes(action));
  let value: string | undefined;
  try {
    value = encodeAddress({
      deployment: input.deployment.name,
      dagId: input.dagId,
      runId: input.runId,
      taskId: task.taskId,
      mapIndex: task.mapIndex,
      tryNumber: task.tryNumber,
    });
  } catch {
    value = undefined; // ids too long for a button: only the link remains
  }
  if (value !== undefined) {
    elements.push(button({ actionId: ACTION_IDS.acknowledge, text: ACKNOWLEDGE_LABEL, value }));
    const ordered = ALERT_ACTIONS.filter((action) => actions.includes(action));
    for (const action of ordered) {
      elements.push(button({ actionId: ACTION_IDS[action], text: LABELS[action] ?? action, value }));
    }
  }
  const open = input.primaryUiUrl === undefined ? undefined : linkButton('Open in Airflow', input.primaryUiUrl);
  if (open !== undefined) elements.push(open);
  const snooze = snoozeMenu(input.deployment.name, input.dagId);
  if (snooze !== undefined) elements.push(snooze);
  return elements.length === 0 ? undefined : actionsBlock(elements, ALERT_BUTTONS_BLOCK_ID);
}

/**
 * The failing first, then the recovered, packed into sections; what does not fit, and what is
 * not listed, is counted.
 */
function listBlocks(tasks: readonly AlertTaskView[], unlisted: number): KnownBlock[] {
  if (tasks.length + unlisted <= 1) return [];
  const ordered = [...tasks.filter((task) => !isFixed(task)), ...tasks.filter(isFixed)];
  const lines = ordered.map(listLine);
  const title = `*Task instances* (${tasks.length + unlisted})`;
  const packed = packLinesCounted([title, ...lines], SECTION_TEXT_MAX);
  const shown = packed.slice(0, LIST_SECTIONS_MAX);
  const blocks: KnownBlock[] = shown.map((part) => sectionBlock(part.text));
  const shownLines = shown.reduce((sum, part) => sum + part.lineCount, 0) - 1;
  const more = lines.length - shownLines + unlisted;
  if (more > 0) blocks.push(contextBlock(`…and ${more} more. The full list is in Airflow.`));
  return blocks;
}

function listLine(task: AlertTaskView): string {
  const mapped = task.mapIndex === UNMAPPED ? '' : ` [${task.mapIndex}]`;
  return `${stateEmoji(task.state)} ${inlineCode(task.taskId, LIST_ID_MAX)}${mapped} ${stateLabel(task.state)} · try ${tryOfTotal(task)}${fixText(task)}`;
}
