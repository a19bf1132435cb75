import type { ModalView } from '@slack/types';
import { NOTE_MAX_LENGTH, UNMAPPED } from '../airflow/model';
import { BotError } from '../errors';
import { NOTE_MODAL_CALLBACK_ID, type TaskInstanceAddress } from '../protocol/interaction-types';
import { contextBlock, plainText } from './blocks';
import { endsWithHighSurrogate } from './truncate';
import { MODAL_PRIVATE_METADATA_MAX, TEXT_OBJECT_MAX } from './limits';
import { inlineCode } from './mrkdwn-code';

/** Where the note text is in `view.state.values` when the modal is submitted. */
export const NOTE_INPUT_BLOCK_ID = 'ti_note';
export const NOTE_INPUT_ACTION_ID = 'ti_note_text';

export interface NoteModalInput {
  address: TaskInstanceAddress;
  /** The note Airflow has now, shown for editing; absent or `null` when there is none (or it is not known). */
  currentNote?: string | null;
  /** What the submission handler needs back (it is not shown). At most 3000 characters. */
  privateMetadata: string;
}

/**
 * The Add note modal: one multiline input of at most `NOTE_MAX_LENGTH` characters, prefilled with
 * the current note. Read the submission at `values[NOTE_INPUT_BLOCK_ID][NOTE_INPUT_ACTION_ID].value`.
 *
 * @throws `BotError('internal')` when `privateMetadata` is longer than Slack allows: opening the
 * modal would fail anyway, and the cause is the bot's own.
 * @example
 * client.views.open({ trigger_id, view: noteModal({ address, privateMetadata }) })
 */
export function noteModal(input: NoteModalInput): ModalView {
  if (input.privateMetadata.length > MODAL_PRIVATE_METADATA_MAX) {
    throw new BotError('internal', 'The note form could not be opened: its hidden data is too long for Slack.', {
      details: { privateMetadataLength: input.privateMetadata.length },
    });
  }
  const { address } = input;
  const mapped = address.mapIndex === UNMAPPED ? '' : ` [${address.mapIndex}]`;
  // Three 250-character ids fit in a context element; the cap only guards against the unexpected.
  const idsBudget = Math.floor((TEXT_OBJECT_MAX - 40) / 3);
  const where =
    `${inlineCode(address.taskId, idsBudget)}${mapped} in ${inlineCode(address.dagId, idsBudget)}` +
    ` / ${inlineCode(address.runId, idsBudget)} (${inlineCode(address.deployment, 40)})`;
  const initialValue = input.currentNote ?? '';
  return {
    type: 'modal',
    callback_id: NOTE_MODAL_CALLBACK_ID,
    private_metadata: input.privateMetadata,
    title: plainText('Add note'),
    submit: plainText('Save'),
    close: plainText('Cancel'),
    blocks: [
      contextBlock(where),
      {
        type: 'input',
        block_id: NOTE_INPUT_BLOCK_ID,
        label: plainText('Note'),
        hint: plainText(`Shown in Airflow on this task instance. At most ${NOTE_MAX_LENGTH} characters.`),
        // An empty note is allowed: saving it removes the note.
        optional: true,
        element: {
          type: 'plain_text_input',
          action_id: NOTE_INPUT_ACTION_ID,
          multiline: true,
          max_length: NOTE_MAX_LENGTH,
          // Slack refuses an initial value longer than max_length; Airflow should never send one.
          ...(initialValue === '' ? {} : { initial_value: cutToNoteLength(initialValue) }),
        },
      },
    ],
  };
}

/** Airflow caps notes, so a longer one is unexpected; cut it without adding text the user would save. */
function cutToNoteLength(note: string): string {
  if (note.length <= NOTE_MAX_LENGTH) return note;
  const cut = note.slice(0, NOTE_MAX_LENGTH);
  return endsWithHighSurrogate(cut) ? cut.slice(0, -1) : cut;
}
