import { randomUUID } from 'node:crypto';
import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import { asBotError, BotError } from '../../errors';
import {
  decodeHitlValue,
  HITL_ACTION_IDS,
  HITL_CHOICES_BLOCK_PATTERN,
  HITL_FORM_CALLBACK_ID,
  HITL_OPTION_ACTION_PATTERN,
  type HitlRequestAddress,
} from '../../protocol/hitl-values';
import type { SlackRequestContext } from '../../protocol/job';
import { errorMessage } from '../../views/error-message';
import { hitlLoadingModal, readHitlForm, type ViewStateValues } from '../../views/hitl-form';
import { hitlNoticeModal } from '../../views/hitl-notices';
import { contextFromBlockAction } from '../request-context';
import type { ListenerDeps } from './listener-deps';

/**
 * A human-in-the-loop request's message and form. Every answer is handed to the worker (`hitl_answer`),
 * which sends it to Airflow through the change service; nothing here calls Airflow:
 * - an option button: the click is the answer (its value names the request and the option);
 * - the checkboxes of a `multiple` request: a tick needs only an acknowledgement; Submit reads them;
 * - Answer (a request with params): a loading modal opens at once (the `trigger_id` lives 3 seconds),
 *   and the worker fills it (`hitl_form`) with the form and its signed metadata;
 * - the form's submission: checked here against the signed metadata, so a wrong input is shown in
 *   the modal and nothing is dispatched.
 */
export function registerHitlListeners(app: App, deps: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: HITL_OPTION_ACTION_PATTERN }, async ({ ack, body, action, respond }) => {
    await ack();
    try {
      const value = decodeHitlValue(action.value ?? '');
      if (value.option === undefined) throw new BotError('invalid', 'This button names no option. Run `/airflow pending` to get a fresh one.');
      await dispatchAnswer(deps, { address: value.address, createdAt: value.createdAt }, [value.option], {}, contextFromBlockAction(body));
    } catch (error) {
      await reportError(deps, respond, error);
    }
  });

  // A tick changes nothing until Submit; Slack still posts it.
  app.action({ type: 'block_actions', action_id: HITL_ACTION_IDS.choices }, async ({ ack }) => {
    await ack();
  });

  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: HITL_ACTION_IDS.submit }, async ({ ack, body, action, respond }) => {
    await ack();
    try {
      const value = decodeHitlValue(action.value ?? '');
      const chosen = tickedIndexes(body, action.block_id);
      if (chosen.length === 0) {
        await respond({ response_type: 'ephemeral', replace_original: false, ...errorMessage('Tick at least one option.') });
        return;
      }
      await dispatchAnswer(deps, { address: value.address, createdAt: value.createdAt }, chosen, {}, contextFromBlockAction(body));
    } catch (error) {
      await reportError(deps, respond, error);
    }
  });

  // The modal opens before anything else happens: its trigger_id expires 3 seconds after the click.
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: HITL_ACTION_IDS.openForm }, async ({ ack, body, action, client, respond }) => {
    await ack();
    try {
      const value = decodeHitlValue(action.value ?? '');
      const opened = await client.views.open({ trigger_id: body.trigger_id, view: hitlLoadingModal() });
      const viewId = opened.view?.id;
      if (viewId === undefined) throw new BotError('unavailable', 'Slack opened no form. Try again in a moment.');
      await deps.handoff.dispatch({ kind: 'hitl_form', request: { address: value.address, createdAt: value.createdAt }, viewId, slack: contextFromBlockAction(body) });
    } catch (error) {
      await reportError(deps, respond, error);
    }
  });

  app.view(HITL_FORM_CALLBACK_ID, async ({ ack, view, body }) => {
    try {
      // Only metadata the bot signed lately, for the user and workspace it was issued to.
      const metadata = deps.hitlFormMetadata.decode(view.private_metadata);
      const teamId = body.team?.id ?? body.user.team_id;
      if (metadata.openedBy !== body.user.id || metadata.teamId !== teamId) {
        throw new BotError('invalid', 'This form was opened by someone else. Open it again from the request.', {
          details: { reason: 'form submitted by another user or workspace' },
        });
      }
      const read = readHitlForm(metadata, view.state.values as unknown as ViewStateValues);
      if (!read.ok) {
        await ack({ response_action: 'errors', errors: read.errors });
        return;
      }
      const chosen = read.answer.chosenOptions.map((option) => metadata.options.indexOf(option));
      // Who answers comes from this submission; where it is shown, from the click that opened the form.
      const slack: SlackRequestContext = { ...metadata.card, userId: body.user.id, userName: body.user.name, ...(teamId === undefined ? {} : { teamId }) };
      await dispatchAnswer(deps, metadata.request, chosen, read.answer.paramsInput, slack);
    } catch (error) {
      const botError = asBotError(error);
      const log = botError.kind === 'invalid' ? deps.logger.warn.bind(deps.logger) : deps.logger.error.bind(deps.logger);
      log({ err: botError.cause ?? botError, kind: botError.kind, details: botError.details }, 'answer form refused');
      await ack({ response_action: 'update', view: hitlNoticeModal(botError.userMessage) });
      return;
    }
    await ack();
  });
}

function dispatchAnswer(
  deps: ListenerDeps,
  request: HitlRequestAddress,
  chosen: number[],
  paramsInput: Record<string, unknown>,
  slack: SlackRequestContext,
): Promise<void> {
  if (chosen.some((index) => index < 0)) throw new BotError('invalid', 'The form named an option the request does not have. Open it again from the request.');
  // A redelivered job then answers once.
  return deps.handoff.dispatch({ kind: 'hitl_answer', request, chosen, paramsInput, slack, requestId: randomUUID() });
}

/**
 * The ticked options of the checkboxes beside Submit (in its own block: `/airflow pending` lists
 * several requests, each with its block id), as indexes: each checkbox option's value is its index,
 * or a request value (`encodeHitlValue`) naming it.
 */
function tickedIndexes(body: BlockAction, blockId: string): number[] {
  if (!HITL_CHOICES_BLOCK_PATTERN.test(blockId)) throw new BotError('invalid', 'This Submit has no options beside it. Run `/airflow pending` to get a fresh request.');
  const state = (body as { state?: { values?: Record<string, Record<string, { selected_options?: { value?: string }[] }>> } }).state;
  const ticked = state?.values?.[blockId]?.[HITL_ACTION_IDS.choices]?.selected_options ?? [];
  const values = ticked.map((option) => option.value ?? '');
  return values.map((value) => {
    if (/^\d{1,3}$/.test(value)) return Number(value);
    const option = decodeHitlValue(value).option;
    if (option === undefined) throw new BotError('invalid', 'A ticked option names no option. Run `/airflow pending` to get a fresh request.');
    return option;
  });
}

async function reportError(deps: ListenerDeps, respond: RespondFn, error: unknown): Promise<void> {
  const botError = asBotError(error);
  deps.logger.error({ err: botError.cause ?? botError, kind: botError.kind }, 'human-in-the-loop button failed');
  await respond({ response_type: 'ephemeral', replace_original: false, ...errorMessage(botError.userMessage) }).catch((respondError: unknown) =>
    deps.logger.error({ err: respondError }, 'could not report a human-in-the-loop button failure'),
  );
}
