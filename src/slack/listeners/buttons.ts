import { randomUUID } from 'node:crypto';
import type { App, BlockAction, ButtonAction, OverflowAction, RespondFn } from '@slack/bolt';
import { asBotError, BotError } from '../../errors';
import { errorMessage } from '../../views/error-message';
import { LINK_BUTTON_ACTION_ID } from '../../views/links';
import { noteModal } from '../../views/note-modal';
import { decodeAddress } from '../../protocol/button-values';
import { ACTION_IDS, LOG_TRY_ACTION_PATTERN, type ActionId } from '../../protocol/interaction-types';
import { contextFromBlockAction } from '../request-context';
import type { ListenerDeps } from './listener-deps';

/** Buttons whose work needs Airflow or the bot's stores: answered at once, done by the worker. */
const WORKER_BUTTONS: ActionId[] = [
  ACTION_IDS.viewLogs,
  ACTION_IDS.fullLog,
  ACTION_IDS.markSuccess,
  ACTION_IDS.markFailed,
  ACTION_IDS.clear,
  ACTION_IDS.refresh,
  ACTION_IDS.confirm,
  ACTION_IDS.cancel,
  ACTION_IDS.acknowledge,
];

export function registerButtons(app: App, deps: ListenerDeps): void {
  for (const actionId of WORKER_BUTTONS) {
    app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: actionId }, async ({ ack, body, action, respond }) => {
      await ack();
      try {
        await deps.handoff.dispatch({
          kind: 'button',
          actionId,
          value: action.value ?? '',
          slack: contextFromBlockAction(body),
          // A redelivered job (an acknowledgement) is then applied once.
          requestId: randomUUID(),
        });
      } catch (error) {
        await reportError(deps, respond, error);
      }
    });
  }

  // The card's overflow menu: its one entry, Audit, carries the address as the option's value.
  app.action<BlockAction<OverflowAction>>({ type: 'block_actions', action_id: ACTION_IDS.audit }, async ({ ack, body, action, respond }) => {
    await ack();
    try {
      await deps.handoff.dispatch({
        kind: 'button',
        actionId: ACTION_IDS.audit,
        value: action.selected_option.value,
        slack: contextFromBlockAction(body),
      });
    } catch (error) {
      await reportError(deps, respond, error);
    }
  });

  // The alert's Snooze menu: the option's value names the DAG and the choice.
  app.action<BlockAction<OverflowAction>>({ type: 'block_actions', action_id: ACTION_IDS.snooze }, async ({ ack, body, action, respond }) => {
    await ack();
    try {
      await deps.handoff.dispatch({ kind: 'button', actionId: ACTION_IDS.snooze, value: action.selected_option.value, slack: contextFromBlockAction(body) });
    } catch (error) {
      await reportError(deps, respond, error);
    }
  });

  // Another try's log: the same work as View logs, the try being in the value.
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: LOG_TRY_ACTION_PATTERN }, async ({ ack, body, action, respond }) => {
    await ack();
    try {
      await deps.handoff.dispatch({ kind: 'button', actionId: ACTION_IDS.viewLogs, value: action.value ?? '', slack: contextFromBlockAction(body) });
    } catch (error) {
      await reportError(deps, respond, error);
    }
  });

  // Slack still posts a click on a link button; it needs only an acknowledgement.
  app.action({ type: 'block_actions', action_id: LINK_BUTTON_ACTION_ID }, async ({ ack }) => {
    await ack();
  });

  // The modal opens before anything else happens: its trigger_id expires 3 seconds after the click.
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: ACTION_IDS.addNote },
    async ({ ack, body, action, client, respond }) => {
      await ack();
      try {
        const address = decodeAddress(action.value ?? '');
        const ctx = contextFromBlockAction(body);
        // The form is only accepted back from the workspace it was opened in: without one, none.
        if (ctx.teamId === undefined) {
          throw new BotError('invalid', 'Slack did not say which workspace this click came from, so no note form can be opened for it.');
        }
        const privateMetadata = deps.noteModalMetadata.encode({
          address,
          card: {
            ...(ctx.channelId === undefined ? {} : { channelId: ctx.channelId }),
            ...(ctx.responseUrl === undefined ? {} : { responseUrl: ctx.responseUrl }),
            ...(ctx.messageTs === undefined ? {} : { messageTs: ctx.messageTs }),
            isEphemeral: ctx.isEphemeral,
            ...(ctx.fromList === undefined ? {} : { fromList: ctx.fromList }),
          },
          openedBy: ctx.userId,
          teamId: ctx.teamId,
        });
        await client.views.open({ trigger_id: body.trigger_id, view: noteModal({ address, privateMetadata }) });
      } catch (error) {
        await reportError(deps, respond, error);
      }
    },
  );
}

async function reportError(deps: ListenerDeps, respond: RespondFn, error: unknown): Promise<void> {
  const botError = asBotError(error);
  deps.logger.error({ err: botError.cause ?? botError, kind: botError.kind }, 'button failed');
  await respond({ response_type: 'ephemeral', replace_original: false, ...errorMessage(botError.userMessage) }).catch(
    (respondError: unknown) => deps.logger.error({ err: respondError }, 'could not report a button failure'),
  );
}
