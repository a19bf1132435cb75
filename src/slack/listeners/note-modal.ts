import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import { NOTE_MAX_LENGTH } from '../../airflow/model';
import { asBotError } from '../../errors';
import { NOTE_MODAL_CALLBACK_ID } from '../../protocol/interaction-types';
import { decodeNoteModalMetadata } from './note-modal-metadata';
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
    let metadata;
    try {
      metadata = decodeNoteModalMetadata(view.private_metadata);
      // The person who submits is the one who acts, whoever opened the card.
      const slack = { ...metadata.slack, userId: body.user.id, userName: body.user.name };
      await deps.handoff.dispatch({ kind: 'note_submitted', address: metadata.address, note, slack, requestId: randomUUID() });
    } catch (error) {
      const botError = asBotError(error);
      deps.logger.error({ err: botError.cause ?? botError, kind: botError.kind }, 'note submission failed');
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
