/** A task instance card as the bot builds it: header, fields, context, buttons with a link button. */
export const SAMPLE_CARD: unknown[] = [
  { type: 'header', text: { type: 'plain_text', text: 'transform failed', emoji: true } },
  {
    type: 'section',
    text: { type: 'mrkdwn', text: ':red_circle: *failed* on try 2 of 3 in <https://airflow.example.com/dags/etl_daily|etl_daily> &amp; friends' },
    fields: [
      { type: 'mrkdwn', text: '*Run*\n`scheduled__2026-01-01`' },
      { type: 'mrkdwn', text: '*Duration*\n5m 3s' },
    ],
  },
  { type: 'context', elements: [{ type: 'mrkdwn', text: 'Demo Airflow 3 · asked by <@ULOCAL0001>' }, { type: 'mrkdwn', text: '<!here>' }] },
  { type: 'divider' },
  {
    type: 'actions',
    block_id: 'ti_actions',
    elements: [
      { type: 'button', action_id: 'ti_view_logs', text: { type: 'plain_text', text: 'View logs' }, value: '{"v":1}' },
      { type: 'button', action_id: 'ti_mark_success', text: { type: 'plain_text', text: 'Mark success' }, value: '{"v":2}', style: 'primary' },
      { type: 'button', action_id: 'open_airflow_link', text: { type: 'plain_text', text: 'Open in Airflow' }, url: 'https://airflow.example.com/ti' },
    ],
  },
];
