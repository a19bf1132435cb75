import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { asBotError } from '../../errors';
import { OPEN_BUILDER_ACTION_ID } from '../../protocol/interaction-types';
import { builderNoticeModal } from '../../views/builder-modal';
import type { ListenerDeps } from './listener-deps';

/**
 * The App Home: opening the Home tab (`app_home_opened`) has the worker build and publish it (it
 * asks Airflow and the stores). The tab's "Open the command builder" button
 * (`OPEN_BUILDER_ACTION_ID`) is the builder's own listener (`builder/builder.ts`); without a
 * builder (`withBuilder: false`) it says so in a modal.
 */
export function registerHome(app: App, deps: ListenerDeps, options: { withBuilder: boolean }): void {
  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    try {
      await deps.handoff.dispatch({ kind: 'home', slack: { userId: event.user, teamId: body.team_id, isEphemeral: true } });
    } catch (error) {
      const botError = asBotError(error);
      deps.logger.error({ err: botError.cause ?? botError, kind: botError.kind }, 'handoff failed for the home tab');
    }
  });

  if (options.withBuilder) return;
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: OPEN_BUILDER_ACTION_ID }, async ({ ack, body, client }) => {
    await ack();
    const text = `The command builder is not available here. Type \`${deps.slashCommand} help\` in a channel for the commands.`;
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: builderNoticeModal(text) });
    } catch (error) {
      deps.logger.error({ err: error }, 'could not open the builder notice');
    }
  });
}
