import { findButton, listButtons } from '../../../src/local/slack-cli/find-button';
import { SAMPLE_CARD } from './sample-card';

describe('findButton', () => {
  it('finds a button by its label, ignoring case and extra spaces', () => {
    expect(findButton(SAMPLE_CARD, '  mark   SUCCESS ')).toEqual({
      actionId: 'ti_mark_success',
      blockId: 'ti_actions',
      text: 'Mark success',
      value: '{"v":2}',
      style: 'primary',
    });
  });

  it('finds a button by its 1-based position, as a number or digits', () => {
    expect(findButton(SAMPLE_CARD, 1)?.actionId).toBe('ti_view_logs');
    expect(findButton(SAMPLE_CARD, '3')).toEqual({
      actionId: 'open_airflow_link',
      blockId: 'ti_actions',
      text: 'Open in Airflow',
      url: 'https://airflow.example.com/ti',
    });
  });

  it('finds nothing for an unknown label or a position out of range', () => {
    expect(findButton(SAMPLE_CARD, 'Mark')).toBeUndefined();
    expect(findButton(SAMPLE_CARD, 0)).toBeUndefined();
    expect(findButton(SAMPLE_CARD, '4')).toBeUndefined();
    expect(findButton([], 'Confirm')).toBeUndefined();
  });

  it('includes section accessories and names blocks without an id by position', () => {
    const blocks = [
      { type: 'section', text: { type: 'mrkdwn', text: 'x' }, accessory: { type: 'button', action_id: 'ti_refresh', text: { type: 'plain_text', text: 'Refresh' } } },
      { type: 'actions', elements: [{ type: 'button', action_id: 'action_confirm', text: { type: 'plain_text', text: 'Confirm' }, value: 'p' }] },
    ];

    expect(listButtons(blocks)).toEqual([
      { actionId: 'ti_refresh', blockId: 'b0', text: 'Refresh' },
      { actionId: 'action_confirm', blockId: 'b1', text: 'Confirm', value: 'p' },
    ]);
  });
});
