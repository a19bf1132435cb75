import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import { NOTE_MAX_LENGTH } from '../../airflow/model';
import { NOTE_MODAL_CALLBACK_ID } from '../../protocol/interaction-types';
import { asBotError, BotError } from '../../errors';
import type { ListenerDeps } from './listener-deps';

/** Add note: the modal's Save. Checked here so a bad note is refused inside the modal itself. */
export function registerNoteModal(app: App, deps: ListenerDeps): void {
  app.view(NOTE_MODAL_CALLBACK_ID, async ({ ack, view, body }) => {
    const input = firstTextInput(view.state.values);
    if (!input) {
      await ack({ response_action: 'errors', errors: {} });
      return;
    }
    const note = input.value.trim();
    if (note.length === 0 || note.length > NOTE_MAX_LENGTH) {
      await ack({
        response_action: 'errors',
        errors: { [input.blockId]: note.length === 0 ? 'Write a note first.' : `At most ${NOTE_MAX_LENGTH} characters.` },
      });
      return;
    }
    try {
      // Only metadata the bot signed lately, for the user and workspace it was issued to.
      const metadata = deps.noteModalMetadata.decode(view.private_metadata);
      const teamId = body.team?.id ?? body.user.team_id;
      if (metadata.openedBy !== body.user.id || metadata.teamId !== teamId) {
        throw new BotError('invalid', 'This form was opened by someone else. Open it again from the card.', {
          details: { reason: 'modal submitted by another user or workspace' },
        });
      }
      // Who acts comes from this submission; where the answer goes, from the click that opened the form.
      const slack = { ...metadata.card, userId: body.user.id, userName: body.user.name, ...(teamId === undefined ? {} : { teamId }) };
      await deps.handoff.dispatch({ kind: 'note_submitted', address: metadata.address, note, slack, requestId: randomUUID() });
    } catch (error) {
      const botError = asBotError(error);
      const log = botError.kind === 'invalid' ? deps.logger.warn.bind(deps.logger) : deps.logger.error.bind(deps.logger);
      log({ err: botError.cause ?? botError, kind: botError.kind, details: botError.details }, 'note submission refused');
      await ack({ response_action: 'errors', errors: { [input.blockId]: botError.userMessage } });
      return;
    }
    await ack();
  });
}

type StateValues = Record<string, Record<string, { type: string; value?: string | null }>>;

function firstTextInput(values: StateValues): { blockId: string; value: string } | undefined {
  for (const [blockId, actions] of Object.entries(values)) {
    for (const action of Object.values(actions)) {
      if (action.type === 'plain_text_input') return { blockId, value: action.value ?? '' };
    }
  }
  return undefined;
}
