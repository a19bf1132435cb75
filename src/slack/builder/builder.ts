import { randomUUID } from 'node:crypto';
import type { App, BlockAction, BlockSuggestion, ButtonAction, SlashCommand, ViewOutput, ViewResponseUrl } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { PlainTextOption } from '@slack/types';
import type { AccessControl } from '../../access/access-control';
import { systemClock, type Clock } from '../../clock';
import type { DeploymentConfig } from '../../config/types';
import { asBotError } from '../../errors';
import type { OptionsSource } from '../../handoff/options-source';
import {
  BUILDER_CALLBACK_ID,
  BUILDER_FIELDS,
  NOTE_OPTION_VALUES,
  type DagOption,
  type OptionsAnswer,
  type OptionsQuery,
  type OptionsRequester,
  type RunOption,
  type TaskOption,
} from '../../protocol/builder';
import { OPEN_BUILDER_ACTION_ID } from '../../protocol/interaction-types';
import { builderModal, builderNoticeModal, dagOptions, noteOption, runOptions, taskOptions } from '../../views/builder-modal';
import { errorMessage } from '../../views/error-message';
import type { ListenerDeps } from '../listeners/listener-deps';
import { decodeBuilderMetadata, encodeBuilderMetadata, type BuilderMetadata } from './builder-metadata';
import type { Command } from '../../protocol/command';
import { createOptionsCache, type CacheRead, type OptionsCache } from './options-cache';
import { readBuilderForm, selectedValue, type ViewStateValues } from './read-builder-form';

/** Slack waits 3 seconds for options; this leaves time for the way there and back. */
export const OPTIONS_BUDGET_MS = 2_500;
/** A deployment's DAG list is asked again after a minute, and served while being asked for an hour. */
export const DAG_LIST_FRESH_MS = 60_000;
export const DAG_LIST_MAX_STALE_MS = 60 * 60_000;
const NO_DEPLOYMENT = 'You may not read any Airflow deployment from Slack. Ask its owners to add you.';

/** Runs and task instances change by the minute: kept 15 seconds, never served older. */
export const RUN_OPTIONS_FRESH_MS = 15_000;

/** What the builder needs besides the listeners' own dependencies. */
export interface BuilderOptions {
  /** The registry's deployments (names, display names, readers and actors, default channels). */
  deployments: readonly DeploymentConfig[];
  /** The worker, asked for options. */
  options: OptionsSource;
  /** Who may read which deployment: only those are offered and listed. */
  access: AccessControl;
  /** The time options may take. Default {@link OPTIONS_BUDGET_MS}. */
  budgetMs?: number;
  clock?: Clock;
}

/** The builder as the Slack app holds it, once per container (its caches live as long). */
export interface Builder {
  /** `/airflow` alone: opens the modal (acknowledging the command) with the deployments the user may read. */
  open(command: SlashCommand, ack: (reply?: object) => Promise<void>, client: WebClient): Promise<void>;
  /** The menus' options, the submission, and the App Home's "Open the command builder" button. */
  register(app: App): void;
}

/**
 * The command builder (see README.md): options come from the worker through caches kept in this
 * container, within a budget; the submission becomes the same `Command` the typed text gives and
 * goes to the worker the same way.
 */
export function createBuilder(deps: ListenerDeps, options: BuilderOptions): Builder {
  const clock = options.clock ?? systemClock;
  const budgetMs = options.budgetMs ?? OPTIONS_BUDGET_MS;
  const ask = async (query: OptionsQuery, requester: OptionsRequester): Promise<OptionsAnswer> => {
    // Beyond the budget the answer is still wanted (the next keystroke uses it), up to 25 seconds.
    const answer = await options.options.ask({ kind: 'options', query, requester }, AbortSignal.timeout(25_000));
    if (answer.kind === 'refused') throw new Error(answer.message);
    return answer;
  };
  // The worker checks the user whose keystroke caused a fetch; every request is checked here first.
  const dags: OptionsCache<DagOption[], OptionsRequester> = createOptionsCache({
    fetch: async (deployment, who) => {
      const answer = await ask({ kind: 'dags', deployment }, who);
      return answer.kind === 'dags' ? answer.dags : [];
    },
    freshMs: DAG_LIST_FRESH_MS,
    maxStaleMs: DAG_LIST_MAX_STALE_MS,
    clock,
  });
  const runs: OptionsCache<RunOption[], OptionsRequester> = createOptionsCache({
    fetch: async (key, who) => {
      const [deployment = '', dagId = ''] = key.split('\n');
      const answer = await ask({ kind: 'runs', deployment, dagId }, who);
      return answer.kind === 'runs' ? answer.runs : [];
    },
    freshMs: RUN_OPTIONS_FRESH_MS,
    maxStaleMs: RUN_OPTIONS_FRESH_MS,
    clock,
  });
  const tasks: OptionsCache<TaskOption[], OptionsRequester> = createOptionsCache({
    fetch: async (key, who) => {
      const [deployment = '', dagId = '', run = ''] = key.split('\n');
      const answer = await ask({ kind: 'tasks', deployment, dagId, run }, who);
      return answer.kind === 'tasks' ? answer.tasks : [];
    },
    freshMs: RUN_OPTIONS_FRESH_MS,
    maxStaleMs: RUN_OPTIONS_FRESH_MS,
    clock,
  });

  const readable = async (who: OptionsRequester): Promise<DeploymentConfig[]> => {
    const allowed = await Promise.all(options.deployments.map((d) => options.access.canRead(d, who)));
    return options.deployments.filter((_, i) => allowed[i]);
  };

  /** The cache read within what is left of the budget. */
  const read = <V>(cache: OptionsCache<V, OptionsRequester>, key: string, who: OptionsRequester, started: number): Promise<CacheRead<V>> =>
    cache.get(key, started + budgetMs - clock(), who);

  async function suggest(field: 'dag' | 'run' | 'task', body: BlockSuggestion): Promise<PlainTextOption[]> {
    const started = clock();
    const channelId = channelOf(body);
    const who: OptionsRequester = { userId: body.user.id, ...teamOf(body), ...(channelId === undefined ? {} : { channelId }) };
    const values = (body.view?.state?.values ?? {}) as ViewStateValues;
    const deploymentName = selectedValue(values, 'deployment');
    if (deploymentName === undefined) return [noteOption('Pick a deployment first', NOTE_OPTION_VALUES.pickFirst)];
    const deployment = options.deployments.find((d) => d.name === deploymentName);
    if (deployment === undefined || !(await options.access.canRead(deployment, who))) {
      return [noteOption(`You may not read ${deploymentName} from Slack`, NOTE_OPTION_VALUES.unavailable)];
    }
    const typed = body.value ?? '';
    if (field === 'dag') {
      return shown(await read(dags, deployment.name, who, started), (list) => dagOptions(list, typed), `the DAG list of ${deployment.name}`);
    }
    const dagId = selectedValue(values, 'dag');
    if (dagId === undefined) return [noteOption('Pick a DAG first', NOTE_OPTION_VALUES.pickFirst)];
    if (field === 'run') {
      return shown(await read(runs, `${deployment.name}\n${dagId}`, who, started), (list) => runOptions(list, typed), `the runs of ${dagId}`);
    }
    const run = selectedValue(values, 'run');
    if (run === undefined) return [noteOption('Pick a run first', NOTE_OPTION_VALUES.pickFirst)];
    return shown(await read(tasks, `${deployment.name}\n${dagId}\n${run}`, who, started), (list) => taskOptions(list, typed), `the tasks of ${run}`);
  }

  /** The modal, with `offered` in the deployment menu; without `responseUrl` (the App Home), with the channel picker. */
  async function openModal(client: WebClient, triggerId: string, who: OptionsRequester, offered: DeploymentConfig[], answer: { responseUrl?: string }): Promise<void> {
    const channelId = who.channelId;
    const initial = (channelId === undefined ? undefined : offered.find((d) => d.defaultChannels.includes(channelId))) ?? (offered.length === 1 ? offered[0] : undefined);
    // Warmed while the user opens the DAG menu: the first keystroke then finds the list ready.
    if (initial !== undefined) dags.prefetch(initial.name, who);
    try {
      await client.views.open({
        trigger_id: triggerId,
        view: builderModal({
          deployments: offered.map((d) => ({ name: d.name, displayName: d.displayName })),
          ...(initial === undefined ? {} : { initialDeployment: initial.name }),
          askChannel: answer.responseUrl === undefined,
          privateMetadata: encodeBuilderMetadata({
            openedBy: who.userId,
            ...(who.teamId === undefined ? {} : { teamId: who.teamId }),
            ...(channelId === undefined ? {} : { channelId }),
            ...(answer.responseUrl === undefined ? { fromHome: true as const } : { responseUrl: answer.responseUrl }),
          }),
        }),
      });
    } catch (error) {
      deps.logger.error({ err: asBotError(error).cause ?? error }, 'could not open the builder');
    }
  }

  return {
    async open(command, ack, client) {
      const who: OptionsRequester = { userId: command.user_id, teamId: command.team_id, channelId: command.channel_id };
      const offered = await readable(who);
      if (offered.length === 0) {
        await ack({ response_type: 'ephemeral', ...errorMessage(NO_DEPLOYMENT) });
        return;
      }
      await ack();
      await openModal(client, command.trigger_id, who, offered, { responseUrl: command.response_url });
    },

    register(app) {
      // The App Home's button: no conversation, so the modal asks where the answer goes.
      app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: OPEN_BUILDER_ACTION_ID }, async ({ ack, body, client }) => {
        await ack();
        const teamId = body.team?.id ?? body.user.team_id;
        const who: OptionsRequester = { userId: body.user.id, ...(teamId === undefined ? {} : { teamId }) };
        const offered = await readable(who);
        if (offered.length === 0) {
          try {
            await client.views.open({ trigger_id: body.trigger_id, view: builderNoticeModal(NO_DEPLOYMENT) });
          } catch (error) {
            deps.logger.error({ err: error }, 'could not open the builder notice');
          }
          return;
        }
        await openModal(client, body.trigger_id, who, offered, {});
      });

      for (const field of ['dag', 'run', 'task'] as const) {
        app.options<'block_suggestion'>({ action_id: BUILDER_FIELDS[field] }, async ({ body, ack }) => {
          let list: PlainTextOption[];
          try {
            list = await suggest(field, body);
          } catch (error) {
            deps.logger.error({ err: error, field }, 'builder options failed');
            list = [noteOption('Could not list the options: try again', NOTE_OPTION_VALUES.unavailable)];
          }
          await ack({ options: list });
        });
      }

      app.view(BUILDER_CALLBACK_ID, async ({ ack, view, body }) => {
        const submitted = readSubmission(view, body.user.id, body.type === 'view_submission' ? (body.response_urls ?? []) : [], deps);
        if (!submitted.ok) {
          await ack({ response_action: 'errors', errors: submitted.errors });
          return;
        }
        const teamId = body.team?.id ?? body.user.team_id;
        try {
          await deps.handoff.dispatch({
            kind: 'command',
            command: submitted.command,
            // Who acts: this submission. Where the answer goes: the command that opened the builder, or the picked channel.
            slack: {
              userId: body.user.id,
              userName: body.user.name,
              ...(teamId === undefined ? {} : { teamId }),
              ...(submitted.answer.channelId === undefined ? {} : { channelId: submitted.answer.channelId }),
              responseUrl: submitted.answer.responseUrl,
              isEphemeral: true,
            },
            requestId: randomUUID(),
          });
        } catch (error) {
          const botError = asBotError(error);
          deps.logger.error({ err: botError.cause ?? botError, kind: botError.kind }, 'handoff failed');
          await ack({ response_action: 'errors', errors: { [BUILDER_FIELDS.action]: botError.userMessage } });
          return;
        }
        await ack();
      });
    },
  };
}

/** Where the worker's answer goes. */
interface AnswerPlace {
  responseUrl: string;
  channelId?: string;
}

type Submission = { ok: true; command: Command; answer: AnswerPlace } | { ok: false; errors: Record<string, string> };

function readSubmission(view: ViewOutput, userId: string, responseUrls: readonly ViewResponseUrl[], deps: ListenerDeps): Submission {
  let metadata;
  try {
    metadata = decodeBuilderMetadata(view.private_metadata);
  } catch {
    return { ok: false, errors: { [BUILDER_FIELDS.deployment]: 'This form is damaged: open it again with the slash command.' } };
  }
  if (metadata.openedBy !== userId) {
    return { ok: false, errors: { [BUILDER_FIELDS.deployment]: 'This form was opened by someone else: open your own with the slash command.' } };
  }
  const answer = answerPlace(metadata, responseUrls);
  const form = readBuilderForm(view.state.values as ViewStateValues, deps.parseContext);
  if (answer === undefined) {
    return { ok: false, errors: { ...(form.ok ? {} : form.errors), [BUILDER_FIELDS.channel]: 'Pick the channel where the answer is shown.' } };
  }
  return form.ok ? { ok: true, command: form.command, answer } : form;
}

/**
 * The slash command's `response_url` and channel; from the App Home, the one Slack issued for the
 * picked channel (`response_urls`, from the `response_url_enabled` picker). None when nothing was picked.
 */
function answerPlace(metadata: BuilderMetadata, responseUrls: readonly ViewResponseUrl[]): AnswerPlace | undefined {
  if (metadata.fromHome !== true && metadata.responseUrl !== undefined) {
    return { responseUrl: metadata.responseUrl, ...(metadata.channelId === undefined ? {} : { channelId: metadata.channelId }) };
  }
  const picked = responseUrls.find((r) => r.block_id === BUILDER_FIELDS.channel && r.action_id === BUILDER_FIELDS.channel);
  return picked === undefined ? undefined : { responseUrl: picked.response_url, channelId: picked.channel_id };
}

/** A cache read as options: the list, or one note saying why there is none (yet). */
function shown<V>(read: CacheRead<V>, render: (value: V) => PlainTextOption[], what: string): PlainTextOption[] {
  switch (read.status) {
    case 'fresh':
    case 'stale':
      return render(read.value);
    case 'pending':
      return [noteOption(`Still loading ${what}: type more in a moment`, NOTE_OPTION_VALUES.loading)];
    case 'failed':
      return [noteOption(read.error instanceof Error ? read.error.message : `Could not list ${what}`, NOTE_OPTION_VALUES.unavailable)];
  }
}

function teamOf(body: BlockSuggestion): { teamId?: string } {
  const teamId = body.team?.id ?? body.user.team_id;
  return teamId === undefined ? {} : { teamId };
}

/**
 * A modal's suggestion names no channel; the channel the builder was opened from (its metadata)
 * counts, as it did when the deployments were offered, but only for the user who opened it.
 */
function channelOf(body: BlockSuggestion): string | undefined {
  if (body.channel?.id !== undefined) return body.channel.id;
  try {
    const metadata = decodeBuilderMetadata(body.view?.private_metadata);
    return metadata.openedBy === body.user.id ? metadata.channelId : undefined;
  } catch {
    return undefined;
  }
}
