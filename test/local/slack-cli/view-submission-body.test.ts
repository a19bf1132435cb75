import { fillFirstTextInput } from '../../../local/slack-cli/view-submission-body';

describe('fillFirstTextInput', () => {
  const option = (value: string) => ({ text: { type: 'plain_text', text: value }, value });

  it('types into the first text input and sends every other input as it opened, as Slack does', () => {
    const blocks = [
      { type: 'section', text: { type: 'mrkdwn', text: 'Question' } },
      { type: 'input', block_id: 'choices', element: { type: 'checkboxes', action_id: 'c', options: [option('0'), option('1')], initial_options: [option('0')] } },
      { type: 'input', block_id: 'days', element: { type: 'number_input', action_id: 'n', is_decimal_allowed: false, initial_value: '3' } },
      { type: 'input', block_id: 'reason', element: { type: 'plain_text_input', action_id: 't' } },
      { type: 'input', block_id: 'other', element: { type: 'plain_text_input', action_id: 't2', initial_value: 'kept' } },
      { type: 'input', block_id: 'notify', element: { type: 'radio_buttons', action_id: 'r', options: [option('yes'), option('no')], initial_option: option('yes') } },
      { type: 'input', block_id: 'when', element: { type: 'datepicker', action_id: 'd' } },
    ];

    expect(fillFirstTextInput(blocks, 'flaky source')).toEqual({
      choices: { c: { type: 'checkboxes', selected_options: [option('0')] } },
      days: { n: { type: 'number_input', value: '3' } },
      reason: { t: { type: 'plain_text_input', value: 'flaky source' } },
      other: { t2: { type: 'plain_text_input', value: 'kept' } },
      notify: { r: { type: 'radio_buttons', selected_option: option('yes') } },
      when: { d: { type: 'datepicker', selected_date: null } },
    });
  });

  it('sends a note modal as before: its one text input', () => {
    expect(fillFirstTextInput([{ type: 'input', block_id: 'note', element: { type: 'plain_text_input', action_id: 'text', multiline: true } }], 'hi')).toEqual({
      note: { text: { type: 'plain_text_input', value: 'hi' } },
    });
  });

  it('refuses a modal without a text input, naming what is missing', () => {
    expect(() => fillFirstTextInput([{ type: 'input', block_id: 'days', element: { type: 'number_input', action_id: 'n' } }], 'x')).toThrow(
      'The modal has no plain-text input to fill.',
    );
  });

  it('refuses an input without a block_id, since its value could not be sent', () => {
    expect(() => fillFirstTextInput([{ type: 'input', element: { type: 'plain_text_input', action_id: 't' } }], 'x')).toThrow(
      "The modal's input has no block_id or action_id, so its value cannot be sent.",
    );
  });
});
