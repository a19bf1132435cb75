import type { ActionsBlockElement, Button, Checkboxes, KnownBlock, MrkdwnElement, PlainTextOption } from '@slack/types';
import { UNMAPPED, type HitlRequest, type HitlUser, type TaskState } from '../airflow/model';
import { BotError } from '../errors';
import type { TaskInstanceAddress } from '../protocol/interaction-types';
import {
  encodeHitlValue,
  HITL_ACTION_IDS,
  hitlChoicesBlockId,
  hitlOptionActionId,
} from '../protocol/hitl-values';
import { actionsBlock, button, contextBlock, headerBlock, mrkdwn, plainText, sectionBlock } from './blocks';
import { formatClockTime, formatTimestamp } from './format-time';
import {
  ACTIONS_ELEMENTS_MAX,
  FALLBACK_TEXT_MAX,
  HEADER_TEXT_MAX,
  MESSAGE_BLOCKS_MAX,
  OPTION_TEXT_MAX,
  SECTION_FIELD_TEXT_MAX,
  SECTION_TEXT_MAX,
} from './limits';
import { linkButton } from './links';
import { markdownSections } from './markdown-mrkdwn';
import type { DeploymentDisplay, SlackMessage } from './message';
import { inlineCode } from './mrkdwn-code';
import { escapeMrkdwn } from './mrkdwn-escape';
import { stateEmoji, stateLabel } from './state-emoji';
import { truncate } from './truncate';
import { userMention } from './user-mention';

/** Where a human-in-the-loop request stands, as its message shows it. */
export type HitlState =
  /** Waiting: the options are buttons (or checkboxes and Submit, or a button that opens the form). */
  | { kind: 'pending' }
  /** Answered through the bot by a Slack user. */
  | { kind: 'answered_in_slack'; userId: string; at: string; chosenOptions: string[]; paramsInput: Record<string, unknown> }
  /** Answered in Airflow (its UI or API) by `by`; `by: null` means it timed out and took its defaults. */
  | { kind: 'answered_in_airflow'; by: HitlUser | null; at: string | null; chosenOptions: string[]; paramsInput: Record<string, unknown> }
  /** No answer, but the task instance no longer waits for one (cleared, failed, marked). */
  | { kind: 'no_longer_waiting'; taskState: TaskState | null };

export interface HitlMessageInput {
  deployment: DeploymentDisplay;
  request: HitlRequest;
  /** The task instance in Airflow's UI. */
  uiUrl?: string;
  state: HitlState;
}

/** Slack shows at most this many checkboxes in one element; more options are chosen in the form. */
export const HITL_CHECKBOX_OPTIONS_MAX = 10;
/** One button per option while they fit in one actions block beside Open in Airflow; more go to the form. */
export const HITL_OPTION_BUTTONS_MAX = ACTIONS_ELEMENTS_MAX - 1;
/** The body's sections in a channel message: about 5,900 characters of mrkdwn; the form and Airflow show more. */
const BODY_SECTIONS_MAX = 2;
/** Text from Airflow on one line (options, inputs, names) is cut here: a line stays a line. */
const VALUE_TEXT_MAX = 300;
const ANSWER_TEXT_MAX = 1000;
const ID_FIELD_MAX = SECTION_FIELD_TEXT_MAX - 100;
const ANYONE = 'anyone who may act on the deployment';
const UNTITLED = 'Human-in-the-loop request';
/** An option named like this refuses; its button is red. */
const REFUSING_OPTION = /^\s*(reject|rejected|deny|denied|decline|cancel|abort|stop|no)\b/i;

/**
 * The message of one human-in-the-loop request. Pending: subject, body (the author's Markdown as
 * safe mrkdwn), deployment, DAG, run, task, who is assigned, when it was asked, and the ways to
 * answer: one button per option; checkboxes and Submit when several may be chosen; or, when the
 * request has params (or too many options for Slack's elements), one Answer… button that opens the
 * form. Otherwise: the same facts and how it ended; nothing stays clickable but the Airflow link.
 *
 * @example
 * chat.postMessage({ channel, ...hitlMessage({ deployment, request, uiUrl, state: { kind: 'pending' } }) })
 */
export function hitlMessage(input: HitlMessageInput): SlackMessage {
  const { request, state } = input;
  const blocks: KnownBlock[] = [headerBlock(request.subject.trim() === '' ? UNTITLED : request.subject)];
  if (request.subject.length > HEADER_TEXT_MAX) blocks.push(sectionBlock(`*${escapeMrkdwn(request.subject, SECTION_TEXT_MAX - 2)}*`));
  blocks.push(...markdownSections(request.body ?? '', BODY_SECTIONS_MAX).map(sectionBlock));
  blocks.push({ type: 'section', fields: factFields(input.deployment, request) });
  if (state.kind === 'pending') {
    blocks.push(contextBlock('⏳ Waiting for an answer'));
    blocks.push(...answerControls(input.deployment, request, input.uiUrl, hitlChoicesBlockId()));
  } else {
    blocks.push(sectionBlock(outcomeText(request, state)));
    const open = input.uiUrl === undefined ? undefined : linkButton('Open in Airflow', input.uiUrl);
    if (open !== undefined) blocks.push(actionsBlock([open]));
  }
  return { text: fallbackText(input), blocks };
}

/**
 * What was chosen, on one line of mrkdwn (options and inputs escaped): "✅ Approve" or
 * "✅ Rerun, Notify — reason: flaky source". Cut to `maxLength` (Airflow's notes hold 1000).
 *
 * @example
 * hitlAnswerSummary(['Approve'], { days: 3 }) // '✅ Approve — days: 3'
 */
export function hitlAnswerSummary(chosenOptions: readonly string[], paramsInput: Record<string, unknown>, maxLength = ANSWER_TEXT_MAX): string {
  const inputs = inputsText(paramsInput);
  return truncate(`✅ ${optionsText(chosenOptions)}${inputs === '' ? '' : ` — ${inputs}`}`, maxLength);
}

/** One entry of {@link hitlPendingList}. */
export interface HitlPendingEntry {
  deployment: DeploymentDisplay;
  request: HitlRequest;
  uiUrl?: string;
}

/**
 * `/airflow pending`: the open requests of the deployments asked about, each on a compact line
 * (subject, deployment, DAG, run, task, asked when) with its ways to answer, as many as fit in one
 * message; the rest are counted, with how to narrow the list.
 *
 * @example
 * respond({ response_type: 'ephemeral', ...hitlPendingList(entries) })
 */
export function hitlPendingList(entries: readonly HitlPendingEntry[]): SlackMessage {
  if (entries.length === 0) return { text: 'No request waits for an answer.', blocks: [sectionBlock('No request waits for an answer.')] };
  const count = `${entries.length} request${entries.length === 1 ? ' waits' : 's wait'} for an answer`;
  const blocks: KnownBlock[] = [sectionBlock(`*${count}*`)];
  let shown = 0;
  for (const [n, entry] of entries.entries()) {
    const entryBlocks = [sectionBlock(compactLine(entry)), ...answerControls(entry.deployment, entry.request, entry.uiUrl, hitlChoicesBlockId(n))];
    const isLast = n === entries.length - 1;
    if (blocks.length + entryBlocks.length + (isLast ? 0 : 1) > MESSAGE_BLOCKS_MAX) break;
    blocks.push(...entryBlocks);
    shown += 1;
  }
  const more = entries.length - shown;
  if (more > 0) blocks.push(contextBlock(`…and ${more} more. Narrow the list with \`/airflow pending <deployment>\`.`));
  return { text: count, blocks };
}

function address(deployment: DeploymentDisplay, request: HitlRequest): TaskInstanceAddress {
  return { deployment: deployment.name, ...request.ref };
}

function factFields(deployment: DeploymentDisplay, request: HitlRequest): MrkdwnElement[] {
  const field = (label: string, value: string): MrkdwnElement => mrkdwn(`*${label}*\n${value}`);
  const { ref } = request;
  return [
    field('Deployment', escapeMrkdwn(deployment.displayName, VALUE_TEXT_MAX)),
    field('DAG', inlineCode(ref.dagId, ID_FIELD_MAX)),
    field('Run', inlineCode(ref.runId, ID_FIELD_MAX)),
    field('Task', `${inlineCode(ref.taskId, ID_FIELD_MAX)}${mapText(ref.mapIndex)}`),
    field('Assigned to', assignedText(request.assignedUsers)),
    field('Asked', formatTimestamp(request.createdAt)),
  ];
}

function mapText(mapIndex: number): string {
  return mapIndex === UNMAPPED ? '' : ` [${mapIndex}]`;
}

/** The assigned users' names, as many as fit in a field; the rest counted. */
function assignedText(users: readonly HitlUser[]): string {
  if (users.length === 0) return ANYONE;
  const budget = SECTION_FIELD_TEXT_MAX - 200;
  const names: string[] = [];
  let length = 0;
  for (const user of users) {
    const name = escapeMrkdwn(user.name === '' ? user.id : user.name, 100);
    if (length + name.length + 2 > budget) break;
    names.push(name);
    length += name.length + 2;
  }
  const more = users.length - names.length;
  return `${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

function compactLine(entry: HitlPendingEntry): string {
  const { ref } = entry.request;
  const subject = entry.request.subject.trim() === '' ? UNTITLED : entry.request.subject;
  return (
    `*${escapeMrkdwn(subject, HEADER_TEXT_MAX)}*\n` +
    `${escapeMrkdwn(entry.deployment.displayName, 100)} · DAG ${inlineCode(ref.dagId, VALUE_TEXT_MAX)}` +
    ` · run ${inlineCode(ref.runId, VALUE_TEXT_MAX)} · task ${inlineCode(ref.taskId, VALUE_TEXT_MAX)}${mapText(ref.mapIndex)}` +
    ` · asked ${formatTimestamp(entry.request.createdAt)}`
  );
}

/**
 * The ways to answer, and Open in Airflow, in one actions block. When the request's ids are too
 * long for a button's value, only the link remains and a context line says why.
 */
function answerControls(deployment: DeploymentDisplay, request: HitlRequest, uiUrl: string | undefined, choicesBlockId: string): KnownBlock[] {
  const open = uiUrl === undefined ? undefined : linkButton('Open in Airflow', uiUrl);
  const links: ActionsBlockElement[] = open === undefined ? [] : [open];
  const withLinks = (elements: ActionsBlockElement[], blockId?: string): KnownBlock[] => [actionsBlock([...elements, ...links], blockId)];
  const onlyLinks = (why: string): KnownBlock[] => [contextBlock(why), ...(links.length === 0 ? [] : [actionsBlock(links)])];
  if (request.options.length === 0) return onlyLinks('This request offers no option to choose: answer it in Airflow.');
  try {
    const at = { address: address(deployment, request), createdAt: request.createdAt };
    if (needsForm(request)) {
      return withLinks([button({ actionId: HITL_ACTION_IDS.openForm, text: 'Answer…', style: 'primary', value: encodeHitlValue(at) })]);
    }
    if (request.multiple) {
      const submit = button({ actionId: HITL_ACTION_IDS.submit, text: 'Submit', style: 'primary', value: encodeHitlValue(at) });
      return withLinks([choicesElement(request), submit], choicesBlockId);
    }
    return withLinks(optionButtons(request, (option) => encodeHitlValue({ ...at, option })));
  } catch (error) {
    if (!(error instanceof BotError)) throw error;
    return onlyLinks('The ids of this request are too long for Slack buttons: answer it in Airflow.');
  }
}

/** Params need the form; so do more options than Slack shows as checkboxes or buttons. */
function needsForm(request: HitlRequest): boolean {
  if (Object.keys(request.params).length > 0) return true;
  return request.options.length > (request.multiple ? HITL_CHECKBOX_OPTIONS_MAX : HITL_OPTION_BUTTONS_MAX);
}

/** The indexes of the request's defaults among its options. */
export function hitlDefaultIndexes(request: Pick<HitlRequest, 'options' | 'defaults'>): number[] {
  const indexes = (request.defaults ?? []).map((value) => request.options.indexOf(value)).filter((index) => index >= 0);
  return [...new Set(indexes)];
}

/** An option as Slack's checkboxes, radio buttons and menus show it: its text, and its index as value. */
export function hitlOptionObject(text: string, index: number): PlainTextOption {
  return { text: plainText(truncate(text === '' ? ' ' : text, OPTION_TEXT_MAX)), value: String(index) };
}

function choicesElement(request: HitlRequest): Checkboxes {
  const options = request.options.map(hitlOptionObject);
  const initial = hitlDefaultIndexes(request).flatMap((index) => options[index] ?? []);
  return { type: 'checkboxes', action_id: HITL_ACTION_IDS.choices, options, ...(initial.length === 0 ? {} : { initial_options: initial }) };
}

/** One button per option: the default (else the first that does not refuse) is green, refusals red. */
function optionButtons(request: HitlRequest, valueOf: (option: number) => string): Button[] {
  const [defaultIndex] = hitlDefaultIndexes(request);
  const primary = defaultIndex ?? Math.max(0, request.options.findIndex((option) => !REFUSING_OPTION.test(option)));
  return request.options.map((option, index) => {
    const style = index === primary ? 'primary' : REFUSING_OPTION.test(option) ? 'danger' : undefined;
    return button({
      actionId: hitlOptionActionId(index),
      text: option.trim() === '' ? `Option ${index + 1}` : option,
      value: valueOf(index),
      ...(style === undefined ? {} : { style }),
    });
  });
}

/** How the request ended, in one section. */
function outcomeText(request: HitlRequest, state: Exclude<HitlState, { kind: 'pending' }>): string {
  if (state.kind === 'no_longer_waiting') {
    return `${stateEmoji(state.taskState)} The task no longer waits for an answer (state: ${stateLabel(state.taskState)}).`;
  }
  const inputs = inputsText(state.paramsInput);
  const inputsLine = inputs === '' ? '' : `\nInputs: ${inputs}`;
  if (state.kind === 'answered_in_airflow' && state.by === null) {
    const used = state.chosenOptions.length > 0 ? state.chosenOptions : (request.defaults ?? []);
    return `⏱ Timed out: Airflow used the defaults (${used.length === 0 ? 'none' : optionsText(used)})${inputsLine}`;
  }
  const who = state.kind === 'answered_in_slack' ? `${userMention(state.userId)} from Slack` : `${airflowUserName(state.by)} in Airflow`;
  // Each part is capped, so the whole stays well within a section.
  return `✅ ${optionsText(state.chosenOptions)} — ${who}${clockText(state.at)}${inputsLine}`;
}

function airflowUserName(user: HitlUser | null): string {
  if (user === null) return 'someone';
  return escapeMrkdwn(user.name === '' ? user.id : user.name, 100);
}

/** ` · 09:14` in the reader's time zone, or nothing when the time is unknown. */
function clockText(at: string | null): string {
  const millis = at === null ? Number.NaN : Date.parse(at);
  return Number.isNaN(millis) ? '' : ` · ${formatClockTime(millis)}`;
}

function optionsText(options: readonly string[]): string {
  return escapeMrkdwn(oneLine(options.join(', ')), ANSWER_TEXT_MAX / 2);
}

/** `days: 3, reason: flaky source`, escaped, each value on one line and cut. */
function inputsText(paramsInput: Record<string, unknown>): string {
  const parts = Object.entries(paramsInput).map(
    ([name, value]) => `${escapeMrkdwn(oneLine(name), 80)}: ${escapeMrkdwn(oneLine(valueText(value)), VALUE_TEXT_MAX)}`,
  );
  return truncate(parts.join(', '), ANSWER_TEXT_MAX);
}

function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'null';
  return JSON.stringify(value) ?? String(value);
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** The notification: plain words, escaped, whatever the state. */
function fallbackText(input: HitlMessageInput): string {
  const { request, state } = input;
  const what = `${escapeMrkdwn(oneLine(request.subject), 300)} (${escapeMrkdwn(request.ref.dagId, 300)} in ${escapeMrkdwn(input.deployment.displayName, 200)})`;
  let text: string;
  switch (state.kind) {
    case 'pending':
      text = `Waiting for an answer: ${what}`;
      break;
    case 'answered_in_slack':
    case 'answered_in_airflow':
      text = state.kind === 'answered_in_airflow' && state.by === null ? `Timed out: ${what}` : `Answered (${optionsText(state.chosenOptions)}): ${what}`;
      break;
    case 'no_longer_waiting':
      text = `No longer waiting for an answer: ${what}`;
      break;
  }
  return truncate(text, FALLBACK_TEXT_MAX);
}
