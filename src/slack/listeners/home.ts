import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { asBotError } from '../../errors';
import { OPEN_BUILDER_ACTION_ID } from '../../protocol/interaction-types';
import { helpModal } from '../../views/help-message';
import { COMMAND_FORMS, formsForDeployment } from '../command-forms';
import type { ListenerDeps } from './listener-deps';

/**
 * The App Home: opening the Home tab (`app_home_opened`) has the worker build and publish it (it
 * asks Airflow and the stores). The tab's "Open the builder" button shows the command help in a
 * modal until the command builder answers it (`OPEN_BUILDER_ACTION_ID`).
 */
export function registerHome(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    try {
      await deps.handoff.dispatch({ kind: 'home', slack: { userId: event.user, teamId: body.team_id, isEphemeral: true } });
    } catch (error) {
      const botError = asBotError(error);
      deps.logger.error({ err: botError.cause ?? botError, kind: botError.kind }, 'handoff failed for the home tab');
    }
  });

  // Stand-in for the command builder's own listener: replace it when the builder is merged.
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: OPEN_BUILDER_ACTION_ID }, async ({ ack, body, client }) => {
    await ack();
    const forms = formsForDeployment(COMMAND_FORMS, deps.parseContext.deployments[0]);
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: helpModal({ slashCommand: deps.slashCommand, forms }) });
    } catch (error) {
      deps.logger.error({ err: error }, 'could not open the help modal');
    }
  });
}
