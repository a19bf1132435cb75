import type { InputBlock } from '@slack/types';
import { BotError } from '../../src/errors';
import { NOTE_MODAL_CALLBACK_ID } from '../../src/protocol/interaction-types';
import { checkSlackLimits } from '../../src/views/limits';
import { NOTE_INPUT_ACTION_ID, NOTE_INPUT_BLOCK_ID, noteModal } from '../../src/views/note-modal';
import { LONG_HOSTILE_ID, LONG_ID } from './fixtures';

const address = { deployment: 'demo-v2', dagId: 'etl_daily', runId: 'manual__1', taskId: 'load', mapIndex: 2 };

function inputOf(view: ReturnType<typeof noteModal>): InputBlock {
  const input = view.blocks.find((block): block is InputBlock => block.type === 'input');
  if (input === undefined) throw new Error('no input block');
  return input;
}

describe('noteModal', () => {
  it('builds the Add note modal with a multiline input prefilled with the current note', () => {
    const view = noteModal({ address, currentNote: 'Known flaky upstream', privateMetadata: '{"k":1}' });
    expect(view.callback_id).toBe(NOTE_MODAL_CALLBACK_ID);
    expect(view.title).toEqual({ type: 'plain_text', text: 'Add note', emoji: true });
    expect(view.submit).toEqual({ type: 'plain_text', text: 'Save', emoji: true });
    expect(view.private_metadata).toBe('{"k":1}');
    const input = inputOf(view);
    expect(input.block_id).toBe(NOTE_INPUT_BLOCK_ID);
    expect(input.element).toEqual({
      type: 'plain_text_input',
      action_id: NOTE_INPUT_ACTION_ID,
      multiline: true,
      max_length: 1000,
      initial_value: 'Known flaky upstream',
    });
    expect(checkSlackLimits(view)).toEqual([]);
  });

  it('names the task instance with its map index', () => {
    const view = noteModal({ address, privateMetadata: '' });
    expect(view.blocks[0]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '`load` [2] in `etl_daily` / `manual__1` (`demo-v2`)' }],
    });
  });

  it('leaves the input empty when there is no note', () => {
    expect('initial_value' in inputOf(noteModal({ address, currentNote: null, privateMetadata: '' })).element).toBe(false);
    expect('initial_value' in inputOf(noteModal({ address, privateMetadata: '' })).element).toBe(false);
  });

  it('stays within Slack limits with 250-character ids, a 1000-character note and escapable characters', () => {
    const view = noteModal({
      address: { ...address, dagId: LONG_ID, runId: LONG_HOSTILE_ID, taskId: LONG_ID },
      currentNote: '<&>'.repeat(333) + 'x',
      privateMetadata: 'm'.repeat(3000),
    });
    expect(checkSlackLimits(view)).toEqual([]);
    expect(inputOf(view).element).toMatchObject({ initial_value: '<&>'.repeat(333) + 'x' });
  });

  it('cuts a note longer than Airflow allows without splitting an emoji', () => {
    const view = noteModal({ address, currentNote: 'a' + '😀'.repeat(600), privateMetadata: '' });
    expect(inputOf(view).element).toMatchObject({ initial_value: 'a' + '😀'.repeat(499) });
    expect(checkSlackLimits(view)).toEqual([]);
  });

  it('throws an internal BotError when the private metadata is too long for Slack', () => {
    expect(() => noteModal({ address, privateMetadata: 'm'.repeat(3001) })).toThrow(
      new BotError('internal', 'The note form could not be opened: its hidden data is too long for Slack.'),
    );
  });
});
