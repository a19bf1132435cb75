import { findButton, listButtons } from '../../../local/slack-cli/find-button';
import { blockActionsPayload } from '../../../local/slack-cli/block-actions-body';
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

describe('overflow menu entries', () => {
  const blocks = [
    {
      type: 'actions',
      block_id: 'ti_actions',
      elements: [
        { type: 'button', action_id: 'ti_refresh', text: { type: 'plain_text', text: 'Refresh' }, value: 'addr' },
        { type: 'overflow', action_id: 'ti_audit', options: [{ text: { type: 'plain_text', text: 'Audit' }, value: 'addr' }] },
      ],
    },
  ];

  it('are listed after the buttons and found by their label', () => {
    expect(listButtons(blocks).map((button) => button.text)).toEqual(['Refresh', 'Audit']);
    expect(findButton(blocks, 'audit')).toEqual({ actionId: 'ti_audit', blockId: 'ti_actions', text: 'Audit', value: 'addr', overflowOption: true });
  });

  it('are sent as Slack sends a chosen overflow option', () => {
    const payload = blockActionsPayload({
      button: findButton(blocks, 'Audit')!,
      message: { ts: '1767225600.000001', ephemeral: true },
      responseUrl: 'http://127.0.0.1:9/r',
      triggerId: 't1',
      now: 1_767_225_600_000,
    });
    expect(payload.actions).toEqual([
      {
        type: 'overflow',
        action_id: 'ti_audit',
        block_id: 'ti_actions',
        selected_option: { text: { type: 'plain_text', text: 'Audit', emoji: true }, value: 'addr' },
        action_ts: expect.any(String) as string,
      },
    ]);
  });
});
