import { routeAlert } from '../../src/alerts/alert-routes';
import { matchesGlob } from '../../src/config/alert-routes';
import { alertMessage, ALERT_BUTTONS_BLOCK_ID, type AlertTaskView } from '../../src/views/alert-message';
import { checkSlackLimits } from '../../src/views/limits';
import { ACTION_IDS } from '../../src/protocol/interaction-types';

const LONG = (prefix: string, i: number) => `${prefix}_${String(i).padStart(3, '0')}_`.padEnd(250, 'x');

function task(i: number, overrides: Partial<AlertTaskView> = {}): AlertTaskView {
  return {
    taskId: LONG('task', i),
    mapIndex: -1,
    state: 'failed',
    tryNumber: 3,
    maxTries: 2,
    operator: 'PythonOperator',
    startDate: '2026-11-22T01:00:00+00:00',
    endDate: '2026-11-22T01:05:00+00:00',
    ...overrides,
  };
}

describe('alertMessage', () => {
  function bigAlert(count: number) {
    return alertMessage({
      deployment: { name: 'prod', displayName: 'Production' },
      dagId: LONG('dag', 0),
      runId: LONG('run', 0),
      tasks: Array.from({ length: count }, (_, i) => task(i)),
      primary: 0,
      primaryUiUrl: `https://airflow.example.com/dags/${'d'.repeat(250)}`,
      runUiUrl: 'https://airflow.example.com/run',
      cause: { tryNumber: 3, firstLineNumber: 10, lines: Array.from({ length: 40 }, () => 'x'.repeat(300)), errorFound: true },
      mention: 'S0ONCALL01',
    });
  }

  const listed = (message: ReturnType<typeof alertMessage>, count: number) => {
    const text = JSON.stringify(message.blocks);
    return Array.from({ length: count }, (_, i) => LONG('task', i).slice(0, 12)).filter((id) => text.includes(`\`${id}`)).length;
  };

  it('stays within Block Kit limits for 300 failed task instances with 250-character ids, listing them all', () => {
    const message = bigAlert(300);

    expect(checkSlackLimits(message)).toEqual([]);
    expect(listed(message, 300)).toBe(300);
    expect(JSON.stringify(message.blocks)).not.toContain('more. The full list');
  });

  it('says how many are left out when even that many lines do not fit', () => {
    const message = bigAlert(1000);

    expect(checkSlackLimits(message)).toEqual([]);
    const shown = listed(message, 1000);
    expect(shown).toBeLessThan(1000);
    expect(JSON.stringify(message.blocks)).toContain(`…and ${1000 - shown} more. The full list is in Airflow.`);
  });

  it('puts Acknowledge, the five buttons and the Snooze menu on the first failed task instance, in a block that answers beside the alert', () => {
    const message = alertMessage({
      deployment: { name: 'prod', displayName: 'Production' },
      dagId: 'etl_daily',
      runId: 'r1',
      tasks: [task(0, { taskId: 'load' })],
      primary: 0,
      primaryUiUrl: 'https://airflow.example.com/ti',
    });
    const actions = message.blocks.find((block) => block.type === 'actions');
    expect(actions).toMatchObject({ block_id: ALERT_BUTTONS_BLOCK_ID });
    const elements = (actions as { elements: { type: string; text?: { text: string }; options?: { text: { text: string }; value: string }[] }[] }).elements;
    expect(elements.filter((element) => element.type === 'button').map((element) => element.text?.text)).toEqual([
      'Acknowledge',
      'View logs',
      'Clear (retry)',
      'Mark success',
      'Add note',
      'Open in Airflow',
    ]);
    const menu = elements.find((element) => element.type === 'overflow');
    expect(menu).toMatchObject({ action_id: ACTION_IDS.snooze });
    expect(menu?.options?.map((option) => [option.text.text, option.value])).toEqual([
      ['Snooze 1 hour', '{"v":1,"d":"prod","g":"etl_daily","s":"1h"}'],
      ['Snooze 4 hours', '{"v":1,"d":"prod","g":"etl_daily","s":"4h"}'],
      ['Snooze until tomorrow 9:00', '{"v":1,"d":"prod","g":"etl_daily","s":"tomorrow"}'],
    ]);
  });

  it('names every acknowledger in order with the time as a Slack date token, after the summary', () => {
    const message = alertMessage({
      deployment: { name: 'prod', displayName: 'Production' },
      dagId: 'etl_daily',
      runId: 'r1',
      tasks: [task(0, { taskId: 'load' })],
      primary: 0,
      acknowledgements: [
        { userId: 'U0ONE', at: Date.parse('2026-11-22T09:02:30Z') },
        { userId: 'U0TWO', at: Date.parse('2026-11-22T09:05:00Z') },
      ],
    });
    expect(message.blocks[2]).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `👀 Acknowledged by <@U0ONE> · <!date^${Date.parse('2026-11-22T09:02:30Z') / 1000}^{time}|09:02 UTC>, <@U0TWO> · <!date^${Date.parse('2026-11-22T09:05:00Z') / 1000}^{time}|09:05 UTC>`,
        },
      ],
    });
  });

  it('counts the acknowledgers that do not fit, staying within Block Kit limits', () => {
    const message = alertMessage({
      deployment: { name: 'prod', displayName: 'Production' },
      dagId: 'etl_daily',
      runId: 'r1',
      tasks: [task(0, { taskId: 'load' })],
      primary: 0,
      acknowledgements: Array.from({ length: 200 }, (_, i) => ({ userId: `U${String(i).padStart(8, '0')}`, at: Date.parse('2026-11-22T09:00:00Z') })),
    });
    expect(checkSlackLimits(message)).toEqual([]);
    const text = JSON.stringify(message.blocks[2]);
    const shown = (text.match(/<@U\d{8}>/g) ?? []).length;
    expect(shown).toBeGreaterThan(10);
    expect(text).toContain(` and ${200 - shown} more`);
  });

  it('leaves the Snooze menu out when the DAG id is too long for its options', () => {
    const message = alertMessage({
      deployment: { name: 'prod', displayName: 'Production' },
      dagId: 'd'.repeat(200),
      runId: 'r1',
      tasks: [task(0, { taskId: 'load' })],
      primary: 0,
    });
    expect(JSON.stringify(message.blocks)).not.toContain(ACTION_IDS.snooze);
  });

  it('shows the cause lines with their range, marking the lines left out between them', () => {
    const cause = (extra: { lineNumbers?: number[] }) =>
      alertMessage({
        deployment: { name: 'prod', displayName: 'Production' },
        dagId: 'etl_daily',
        runId: 'r1',
        tasks: [task(0, { taskId: 'load' })],
        primary: 0,
        cause: { tryNumber: 2, firstLineNumber: 12, lines: ["KeyError: 'amount'", 'ValueError: bad row'], errorFound: true, ...extra },
      }).blocks.flatMap((block) => (block.type === 'section' && block.text?.text.startsWith('*Cause*') ? [block.text.text] : []));
    expect(cause({ lineNumbers: [12, 31] })).toEqual(["*Cause* · try 2, lines 12–31\n```\nKeyError: 'amount'\n⋮\nValueError: bad row\n```"]);
    // Stored before the lines were numbered: adjacent.
    expect(cause({})).toEqual(["*Cause* · try 2, lines 12–13\n```\nKeyError: 'amount'\nValueError: bad row\n```"]);
  });

  it('escapes ids and never lets a DAG id mention anyone', () => {
    const message = alertMessage({
      deployment: { name: 'prod', displayName: 'Production' },
      dagId: '<!channel>',
      runId: 'r1',
      tasks: [task(0, { taskId: '<!here>', operator: '<@U123>' })],
      primary: 0,
    });
    // Only mrkdwn is parsed for mentions (headers are plain text; button values are not shown).
    const mrkdwnTexts = JSON.stringify(message.blocks).match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g) ?? [];
    const text = [message.text, ...mrkdwnTexts].join('\n');
    expect(mrkdwnTexts.length).toBeGreaterThan(3);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<!here>');
    expect(text).not.toContain('<@U123>');
  });
});

describe('alert routes', () => {
  const deployment = {
    defaultChannels: ['CDEFAULT01'],
    alertRoutes: [
      { dags: 'etl_*', channel: 'CETL000001', mention: 'S0ONCALL01' },
      { dags: 'ml_?', channel: 'CML0000001' },
    ],
  };

  it('picks the first route whose glob matches, else the first default channel', () => {
    expect(routeAlert(deployment, 'etl_daily')).toEqual({ channel: 'CETL000001', mention: 'S0ONCALL01' });
    expect(routeAlert(deployment, 'ml_a')).toEqual({ channel: 'CML0000001' });
    expect(routeAlert(deployment, 'ml_ab')).toEqual({ channel: 'CDEFAULT01' });
    expect(routeAlert({ defaultChannels: [] }, 'x')).toBeUndefined();
  });

  it('treats every character but * and ? as itself', () => {
    expect(matchesGlob('a.b', 'a.b')).toBe(true);
    expect(matchesGlob('a.b', 'axb')).toBe(false);
    expect(matchesGlob('(x)+', '(x)+')).toBe(true);
    expect(matchesGlob('*', '')).toBe(true);
  });
});
