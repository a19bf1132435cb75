import type { ActionsBlockElement, KnownBlock, MrkdwnElement, SectionBlock } from '@slack/types';
import { UNMAPPED, type ExtraLink, type TaskInstance, type TaskTry } from '../airflow/model';
import { availableActions, type CardAction } from './available-actions';
import { actionsBlock, contextBlock, headerBlock, mrkdwn, sectionBlock } from './blocks';
import { formatElapsed, formatTimestamp, UNKNOWN } from './format-time';
import { SECTION_FIELD_TEXT_MAX, SECTION_TEXT_MAX, TEXT_OBJECT_MAX } from './limits';
import { linkButton, mrkdwnLink } from './links';
import type { DeploymentDisplay, SlackMessage } from './message';
import { inlineCode } from './mrkdwn-code';
import { escapeMrkdwn, escapeMrkdwnChunks } from './mrkdwn-escape';
import { stateEmoji, stateLabel } from './state-emoji';
import { auditOverflow, taskInstanceButtons } from './task-instance-buttons';
import { truncate } from './truncate';
import { userMention } from './user-mention';
import { tryOfTotal } from './try-text';

/** Re-exported: the bot applies the same rule when it updates a card after an action. */
export { availableActions, type CardAction } from './available-actions';

export interface TaskInstanceCardInput {
  deployment: DeploymentDisplay;
  ti: TaskInstance;
  /** All tries, oldest first; shown as a history line when there is more than one. */
  tries?: readonly TaskTry[];
  extraLinks?: readonly ExtraLink[];
  /** The task instance in the Airflow UI. */
  uiUrl: string;
  /** Who last acted on it from Slack: "Marked success by @alice". */
  actor?: { userId: string; verb: string };
  /** Buttons the user may have (e.g. only `viewLogs` and `refresh` for a reader); all by default. */
  allowedActions?: readonly CardAction[];
  /** For the duration of a try still running; without it that duration shows as unknown. */
  now?: number;
}

/** Escaped, Airflow's longest note (1000 characters, 5 for each `&`) needs two sections. */
const NOTE_SECTIONS_MAX = 2;
/** Tries beyond this many are summarised: the recent ones matter. */
const TRIES_SHOWN = 10;
/** Free-text fields (operator, host, map label) are short in practice; this keeps a rogue one in check. */
const FREE_TEXT_FIELD_MAX = 500;

/**
 * One task instance: state, ids, try, times, operator, host, note, extra links, and the buttons
 * that make sense for its state (see {@link availableActions}) and for the user.
 *
 * When the ids are too long to fit in a button value, the action buttons are left out and a
 * context line says why; Open in Airflow stays.
 *
 * @example
 * respond({ response_type: 'ephemeral', ...taskInstanceCard({ deployment, ti, uiUrl }) })
 */
export function taskInstanceCard(input: TaskInstanceCardInput): SlackMessage {
  const { deployment, ti } = input;
  const emoji = stateEmoji(ti.state);
  const blocks: KnownBlock[] = [
    headerBlock(`${deployment.displayName} · ${ti.taskId}`),
    { type: 'section', text: mrkdwn(`${emoji} *${stateLabel(ti.state)}*`), fields: detailFields(ti, input.now) },
  ];
  if (input.actor !== undefined) {
    blocks.push(contextBlock(`${escapeMrkdwn(input.actor.verb, 200)} by ${userMention(input.actor.userId)}`));
  }
  if (ti.note !== null && ti.note !== '') blocks.push(...noteSections(ti.note));
  if (input.tries !== undefined && input.tries.length > 1) blocks.push(contextBlock(triesLine(input.tries)));
  const links = extraLinksText(input.extraLinks ?? []);
  if (links !== undefined) blocks.push(sectionBlock(links));
  blocks.push(...actionBlocks(input));
  return {
    // Each part is capped, so the whole stays far below FALLBACK_TEXT_MAX.
    text: `${emoji} ${escapeMrkdwn(ti.taskId, 300)} in ${escapeMrkdwn(ti.dagId, 300)} (${escapeMrkdwn(deployment.displayName, 200)}): ${stateLabel(ti.state)}`,
    blocks,
  };
}

/**
 * The note, over two sections if escaping makes it longer than one: a note of Airflow's full
 * 1000 characters always shows whole. Anything longer (Airflow should not send it) is cut.
 */
function noteSections(note: string): SectionBlock[] {
  const prefix = '*Note*\n';
  const budget = SECTION_TEXT_MAX - prefix.length;
  const chunks = escapeMrkdwnChunks(note, budget, NOTE_SECTIONS_MAX);
  return chunks.map((chunk, i) => sectionBlock(i === 0 ? prefix + chunk : chunk));
}

function detailFields(ti: TaskInstance, now: number | undefined): MrkdwnElement[] {
  const field = (label: string, value: string): MrkdwnElement => mrkdwn(`*${label}*\n${value}`);
  const idMax = SECTION_FIELD_TEXT_MAX - 20;
  const fields = [
    field('DAG', inlineCode(ti.dagId, idMax)),
    field('Run', inlineCode(ti.runId, idMax)),
    field('Task', inlineCode(ti.taskId, idMax)),
  ];
  if (ti.mapIndex !== UNMAPPED) {
    const label = ti.renderedMapIndex === null ? '' : ` (${escapeMrkdwn(ti.renderedMapIndex, FREE_TEXT_FIELD_MAX)})`;
    fields.push(field('Map index', `${ti.mapIndex}${label}`));
  }
  fields.push(
    field('Try', tryOfTotal(ti)),
    field('Operator', freeText(ti.operator)),
    field('Start', formatTimestamp(ti.startDate)),
    field('End', formatTimestamp(ti.endDate)),
    field('Duration', durationText(ti, now)),
    field('Host', freeText(ti.hostname)),
  );
  return fields;
}

function freeText(value: string | null): string {
  return value === null || value === '' ? UNKNOWN : escapeMrkdwn(value, FREE_TEXT_FIELD_MAX);
}

function durationText(ti: TaskInstance, now: number | undefined): string {
  if (now === undefined && ti.endDate === null && ti.durationSeconds === null) return UNKNOWN;
  return formatElapsed(ti, now ?? 0);
}

/** `Tries: 1 :x:  2 :x:  3 :arrows_counterclockwise:`, newest last. */
function triesLine(tries: readonly TaskTry[]): string {
  const shown = tries.slice(-TRIES_SHOWN);
  const skipped = tries.length - shown.length;
  const parts = shown.map((t) => `${t.tryNumber} ${stateEmoji(t.state)}`);
  const prefix = skipped > 0 ? `Tries (last ${shown.length} of ${tries.length}): ` : 'Tries: ';
  return truncate(prefix + parts.join('  '), TEXT_OBJECT_MAX);
}

/** Extra links with a target, as many as fit in one section. */
function extraLinksText(links: readonly ExtraLink[]): string | undefined {
  const prefix = '*Links*: ';
  const parts: string[] = [];
  let length = prefix.length;
  for (const link of links) {
    if (link.url === null) continue;
    const part = mrkdwnLink(link.url, link.name);
    if (length + part.length + 3 > SECTION_TEXT_MAX) break;
    parts.push(part);
    length += part.length + 3;
  }
  return parts.length === 0 ? undefined : prefix + parts.join(' · ');
}

function actionBlocks(input: TaskInstanceCardInput): KnownBlock[] {
  const { ti } = input;
  const permitted = input.allowedActions;
  const actions = availableActions(ti.state, { tryNumber: ti.tryNumber }).filter(
    (action) => permitted === undefined || permitted.includes(action),
  );
  const elements: ActionsBlockElement[] = [];
  const blocks: KnownBlock[] = [];
  const built = taskInstanceButtons(input.deployment.name, ti, actions);
  if (built.ok) elements.push(...built.buttons);
  else blocks.push(contextBlock(`Buttons are unavailable: ${escapeMrkdwn(built.reason, 500)}`));
  const open = linkButton('Open in Airflow', input.uiUrl);
  if (open !== undefined) elements.push(open);
  const overflow = auditOverflow(input.deployment.name, ti);
  if (overflow !== undefined) elements.push(overflow);
  if (elements.length > 0) blocks.unshift(actionsBlock(elements));
  return blocks;
}
