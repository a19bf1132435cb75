import type { ModalView, PlainTextOption } from '@slack/types';
import { NOTE_MAX_LENGTH, UNMAPPED } from '../airflow/model';
import { BotError } from '../errors';
import {
  BUILDER_ACTIONS,
  BUILDER_CALLBACK_ID,
  BUILDER_FIELDS,
  LATEST_RUN_VALUE,
  NOTE_OPTION_VALUES,
  type DagOption,
  type RunOption,
  type TaskOption,
} from '../protocol/builder';
import { contextBlock, plainText, sectionBlock } from './blocks';
import { MODAL_PRIVATE_METADATA_MAX, OPTION_TEXT_MAX, OPTION_VALUE_MAX } from './limits';
import { truncate } from './truncate';

/** Slack shows at most this many options in a menu. */
export const OPTIONS_MAX = 100;

/** The deployments offered in the builder: those the user may read. */
export interface BuilderDeploymentChoice {
  name: string;
  displayName: string;
}

export interface BuilderModalInput {
  deployments: readonly BuilderDeploymentChoice[];
  /** Preselected (the channel's default deployment), when it is among `deployments`. */
  initialDeployment?: string;
  /** Where the answer goes, for the submission (not shown). At most 3000 characters. */
  privateMetadata: string;
  /**
   * Ask where to show the answer (opened from the App Home, which has no conversation): a channel
   * picker whose submission carries that channel's `response_url`.
   * @default false
   */
  askChannel?: boolean;
}

const ACTION_CHOICES: { value: string; label: string }[] = [
  { value: BUILDER_ACTIONS.card, label: 'Show the card' },
  { value: BUILDER_ACTIONS.logs, label: 'Show the log excerpt' },
  { value: BUILDER_ACTIONS.markSuccess, label: 'Mark success (preview first)' },
  { value: BUILDER_ACTIONS.markFailed, label: 'Mark failed (preview first)' },
  { value: BUILDER_ACTIONS.clear, label: 'Clear (preview first)' },
  { value: BUILDER_ACTIONS.note, label: 'Add a note' },
];

/**
 * The command builder: a deployment (static select), a DAG, a run and a task (external selects
 * whose options the bot lists as the user types), what to do, and a note for "Add a note".
 * Submitting it gives what the typed command gives.
 *
 * @throws `BotError('internal')` when `privateMetadata` is longer than Slack allows.
 * @example
 * client.views.open({ trigger_id, view: builderModal({ deployments, privateMetadata }) });
 */
export function builderModal(input: BuilderModalInput): ModalView {
  if (input.privateMetadata.length > MODAL_PRIVATE_METADATA_MAX) {
    throw new BotError('internal', 'The builder could not be opened: its hidden data is too long for Slack.', {
      details: { privateMetadataLength: input.privateMetadata.length },
    });
  }
  const deploymentOptions = input.deployments.slice(0, OPTIONS_MAX).map((d) => option(d.displayName === d.name ? d.name : `${d.displayName} (${d.name})`, d.name));
  const initial = deploymentOptions.find((o) => o.value === input.initialDeployment);
  return {
    type: 'modal',
    callback_id: BUILDER_CALLBACK_ID,
    private_metadata: input.privateMetadata,
    title: plainText('Airflow'),
    submit: plainText('Go'),
    close: plainText('Cancel'),
    blocks: [
      contextBlock('Pick a task instance: start typing in each menu. The answer is what the typed command gives.'),
      {
        type: 'input',
        block_id: BUILDER_FIELDS.deployment,
        label: plainText('Deployment'),
        element: {
          type: 'static_select',
          action_id: BUILDER_FIELDS.deployment,
          placeholder: plainText('Deployment'),
          options: deploymentOptions,
          ...(initial === undefined ? {} : { initial_option: initial }),
        },
      },
      externalSelect('dag', 'DAG', 'Type part of a DAG id', 1),
      externalSelect('run', 'Run', 'latest, or one of the newest runs', 0),
      externalSelect('task', 'Task', 'A task of that run', 0),
      {
        type: 'input',
        block_id: BUILDER_FIELDS.action,
        label: plainText('What to do'),
        element: {
          type: 'static_select',
          action_id: BUILDER_FIELDS.action,
          options: ACTION_CHOICES.map((c) => option(c.label, c.value)),
          initial_option: option(ACTION_CHOICES[0]!.label, ACTION_CHOICES[0]!.value),
        },
      },
      {
        type: 'input',
        block_id: BUILDER_FIELDS.note,
        optional: true,
        label: plainText('Note'),
        hint: plainText(`Only for "Add a note": a line signed with your name. At most ${NOTE_MAX_LENGTH} characters.`),
        element: { type: 'plain_text_input', action_id: BUILDER_FIELDS.note, multiline: true, max_length: NOTE_MAX_LENGTH },
      },
      ...(input.askChannel === true ? [channelPicker()] : []),
    ],
  };
}

/**
 * Where the answer goes, for a builder opened from the App Home. `response_url_enabled` has Slack
 * put a `response_url` for the picked channel in the submission (only in an input block of a
 * modal); `default_to_current_conversation` has no conversation to use on the Home tab.
 */
function channelPicker() {
  return {
    type: 'input' as const,
    block_id: BUILDER_FIELDS.channel,
    label: plainText('Where to show the answer'),
    hint: plainText('A channel the bot is in: the answer is shown to you there, as a typed command’s is.'),
    element: {
      type: 'conversations_select' as const,
      action_id: BUILDER_FIELDS.channel,
      placeholder: plainText('A channel'),
      response_url_enabled: true,
      filter: { include: ['public' as const, 'private' as const] },
    },
  };
}

/**
 * A modal holding one sentence, for the App Home's builder button when the builder cannot open
 * (no builder in this app, or no deployment the user may read).
 */
export function builderNoticeModal(text: string): ModalView {
  return { type: 'modal', title: plainText('Airflow'), close: plainText('Close'), blocks: [sectionBlock(text)] };
}

function externalSelect(field: 'dag' | 'run' | 'task', label: string, placeholder: string, minQueryLength: number) {
  return {
    type: 'input' as const,
    block_id: BUILDER_FIELDS[field],
    label: plainText(label),
    element: {
      type: 'external_select' as const,
      action_id: BUILDER_FIELDS[field],
      placeholder: plainText(placeholder),
      min_query_length: minQueryLength,
    },
  };
}

/** An option within Slack's limits: text cut to 75 characters, value as given (callers keep it ≤ 150). */
export function option(text: string, value: string): PlainTextOption {
  return { text: plainText(truncate(text, OPTION_TEXT_MAX)), value };
}

/** A menu's one note option ("type more…"): its value can never pass for an id. */
export function noteOption(text: string, value: string = NOTE_OPTION_VALUES.typeMore): PlainTextOption {
  return option(text, value);
}

/** Ids longer than an option's value may be are left out of the menus (they can still be typed). */
function fitsValue(id: string): boolean {
  return id.length <= OPTION_VALUE_MAX;
}

/**
 * The DAG options for what the user typed: ids holding it (any case), those starting with it
 * first, paused ones marked. At most {@link OPTIONS_MAX}; when more match, the last is a note
 * saying how many more and to type more.
 *
 * @example
 * dagOptions([{ dagId: 'etl_daily', isPaused: true }], 'etl')
 * // [{ text: { type: 'plain_text', text: 'etl_daily  (paused)' }, value: 'etl_daily' }]
 */
export function dagOptions(dags: readonly DagOption[], typed: string): PlainTextOption[] {
  const wanted = typed.trim().toLowerCase();
  const matching = dags.filter((d) => fitsValue(d.dagId) && d.dagId.toLowerCase().includes(wanted));
  const ranked = [...matching].sort((a, b) => rank(a.dagId, wanted) - rank(b.dagId, wanted));
  if (ranked.length === 0) return [noteOption(wanted === '' ? 'No DAGs' : `No DAG id holds "${typed.trim()}"`, NOTE_OPTION_VALUES.none)];
  const shown = ranked.length > OPTIONS_MAX ? ranked.slice(0, OPTIONS_MAX - 1) : ranked;
  const options = shown.map((d) => option(d.isPaused === true ? `${d.dagId}  (paused)` : d.dagId, d.dagId));
  if (ranked.length > OPTIONS_MAX) options.push(noteOption(`…${ranked.length - shown.length} more: type more of the id`));
  return options;
}

/** Starting with the typed text ranks first; the sort is stable, so the id order stays within each rank. */
function rank(id: string, wanted: string): number {
  return wanted !== '' && id.toLowerCase().startsWith(wanted) ? 0 : 1;
}

/**
 * The run options: `latest` first, then the newest runs with their state and logical date, those
 * holding the typed text.
 */
export function runOptions(runs: readonly RunOption[], typed: string): PlainTextOption[] {
  const wanted = typed.trim().toLowerCase();
  const latest = option('latest (the newest run)', LATEST_RUN_VALUE);
  const listed = runs
    .filter((r) => fitsValue(r.runId))
    .map((r) => option(`${r.runId} · ${r.state ?? 'no state'}${r.logicalDate === null ? '' : ` · ${r.logicalDate.slice(0, 16).replace('T', ' ')}`}`, r.runId))
    .filter((o) => o.text.text.toLowerCase().includes(wanted));
  return ['latest'.includes(wanted) ? [latest] : [], listed].flat().slice(0, OPTIONS_MAX);
}

/** The task options of a run: each task instance with its state; mapped ones as `task [index]`. */
export function taskOptions(tasks: readonly TaskOption[], typed: string): PlainTextOption[] {
  const wanted = typed.trim().toLowerCase();
  const matching = tasks
    .filter((t) => fitsValue(`${t.taskId}:${t.mapIndex}`))
    .map((t) =>
      t.mapIndex === UNMAPPED
        ? option(`${t.taskId} · ${t.state ?? 'no state'}`, t.taskId)
        : option(`${t.taskId} [${t.mapIndex}] · ${t.state ?? 'no state'}`, `${t.taskId}:${t.mapIndex}`),
    )
    .filter((o) => o.value!.toLowerCase().includes(wanted) || o.text.text.toLowerCase().includes(wanted));
  if (matching.length === 0) return [noteOption(tasks.length === 0 ? 'This run has no task instances' : `No task holds "${typed.trim()}"`, NOTE_OPTION_VALUES.none)];
  if (matching.length <= OPTIONS_MAX) return matching;
  return [...matching.slice(0, OPTIONS_MAX - 1), noteOption(`…${matching.length - OPTIONS_MAX + 1} more: type more of the task id`)];
}
