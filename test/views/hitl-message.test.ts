import type { ActionsBlock, Button, Checkboxes, KnownBlock } from '@slack/types';
import {
  decodeHitlValue,
  HITL_ACTION_IDS,
  HITL_CHOICES_BLOCK_ID,
  HITL_CHOICES_BLOCK_PATTERN,
  HITL_OPTION_ACTION_PATTERN,
} from '../../src/protocol/hitl-values';
import { hitlAnswerSummary, hitlMessage, hitlPendingList, type HitlState } from '../../src/views/hitl-message';
import { checkSlackLimits, MESSAGE_BLOCKS_MAX } from '../../src/views/limits';
import { LINK_BUTTON_ACTION_ID } from '../../src/views/links';
import { MARKDOWN_CUT_NOTICE } from '../../src/views/markdown-mrkdwn';
import { allText, deployment } from './fixtures';
import { makeHitl } from './hitl-fixtures';

const UI_URL = 'https://airflow.example/dags/etl_daily/runs/r/tasks/approve_load';
const PENDING: HitlState = { kind: 'pending' };

function actionBlocks(blocks: readonly KnownBlock[]): ActionsBlock[] {
  return blocks.filter((block): block is ActionsBlock => block.type === 'actions');
}

function elementsOf(blocks: readonly KnownBlock[]) {
  return actionBlocks(blocks).flatMap((block) => block.elements);
}

/** A mention or ping Slack would act on: anything `<!…` but the bot's own date tokens, or `<@…`. */
const LIVE_MARKUP = /<!(?!date\^\d+\^)|<@|<#/;

describe('hitlMessage', () => {
  it('renders a body with <!channel>, <@U1>, backticks and 5,000 characters safely within Block Kit limits', () => {
    const body = '<!channel> <@U1> <#C1> ``` **loud** `tick '.repeat(130);
    expect(body.length).toBeGreaterThanOrEqual(5000);
    const message = hitlMessage({ deployment, request: makeHitl({ subject: 'Ping <!here> now', body }), uiUrl: UI_URL, state: PENDING });

    expect(checkSlackLimits(message)).toEqual([]);
    // The header is plain text, which Slack never reads as markup; every mrkdwn text is checked.
    expect(allText(message.blocks.slice(1))).not.toMatch(LIVE_MARKUP);
    expect(message.text).not.toMatch(/[<>]/);
    expect(allText(message.blocks)).toContain('&lt;!channel&gt; &lt;@U1&gt; &lt;#C1&gt;');
    expect(allText(message.blocks)).toContain(MARKDOWN_CUT_NOTICE);
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Ping <!here> now', emoji: true } });
    expect(message.blocks.length).toBeLessThanOrEqual(10);
  });

  it('shows the subject, the body as mrkdwn, and the facts of the request', () => {
    const request = makeHitl({ ref: { dagId: 'etl_daily', runId: 'r1', taskId: 'approve', mapIndex: 3 }, assignedUsers: [{ id: '1', name: 'alice' }, { id: '2', name: 'b<o>b' }] });
    const text = allText(hitlMessage({ deployment, request, uiUrl: UI_URL, state: PENDING }).blocks);
    expect(text).toContain('The *orders* file has `12,345` rows.');
    expect(text).toContain('*Deployment*\nDemo (Airflow 3)');
    expect(text).toContain('*DAG*\n`etl_daily`');
    expect(text).toContain('*Run*\n`r1`');
    expect(text).toContain('*Task*\n`approve` [3]');
    expect(text).toContain('*Assigned to*\nalice, b&lt;o&gt;b');
    expect(text).toContain('*Asked*\n<!date^1796547600^{date_short_pretty} {time_secs}|2026-12-06 09:00:00 UTC>');
    expect(text).toContain('⏳ Waiting for an answer');
  });

  it('says anyone may answer when nobody is assigned', () => {
    const text = allText(hitlMessage({ deployment, request: makeHitl(), state: PENDING }).blocks);
    expect(text).toContain('*Assigned to*\nanyone who may act on the deployment');
  });

  it('offers one button per option whose value names the request and the option', () => {
    const request = makeHitl({ options: ['Approve', 'Reject', 'Later'] });
    const message = hitlMessage({ deployment, request, uiUrl: UI_URL, state: PENDING });
    const buttons = elementsOf(message.blocks) as Button[];

    expect(buttons.map((b) => [b.action_id, b.text.text, b.style])).toEqual([
      ['hitl_option:0', 'Approve', 'primary'],
      ['hitl_option:1', 'Reject', 'danger'],
      ['hitl_option:2', 'Later', undefined],
      [LINK_BUTTON_ACTION_ID, 'Open in Airflow', undefined],
    ]);
    expect(buttons.slice(0, 3).every((b) => HITL_OPTION_ACTION_PATTERN.test(b.action_id ?? ''))).toBe(true);
    expect(decodeHitlValue(buttons[1]?.value ?? '')).toEqual({
      address: { deployment: 'demo-v2', dagId: 'etl_daily', runId: 'manual__2026-12-06T09:00:00+00:00', taskId: 'approve_load', mapIndex: -1 },
      createdAt: '2026-12-06T09:00:00+00:00',
      option: 1,
    });
    expect(buttons[3]?.url).toBe(UI_URL);
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('makes the default option the green one, and a refusing first option red', () => {
    const buttons = elementsOf(hitlMessage({ deployment, request: makeHitl({ options: ['Reject', 'Approve'], defaults: ['Approve'] }), state: PENDING }).blocks) as Button[];
    expect(buttons.map((b) => b.style)).toEqual(['danger', 'primary']);
  });

  it('cuts a long option to Slack’s button length and names an empty one by its place', () => {
    const buttons = elementsOf(hitlMessage({ deployment, request: makeHitl({ options: ['o'.repeat(100), ' '] }), state: PENDING }).blocks) as Button[];
    expect(buttons.map((b) => b.text.text)).toEqual([`${'o'.repeat(74)}…`, 'Option 2']);
  });

  it('offers checkboxes, defaults ticked, and Submit when several options may be chosen', () => {
    const request = makeHitl({ options: ['Email', 'Slack', 'Pager'], multiple: true, defaults: ['Slack', 'Pager', 'Gone'] });
    const message = hitlMessage({ deployment, request, uiUrl: UI_URL, state: PENDING });
    const [block] = actionBlocks(message.blocks);
    const [checkboxes, submit, link] = block?.elements ?? [];

    expect(block?.block_id).toBe(HITL_CHOICES_BLOCK_ID);
    expect(checkboxes).toEqual({
      type: 'checkboxes',
      action_id: HITL_ACTION_IDS.choices,
      options: [
        { text: { type: 'plain_text', text: 'Email', emoji: true }, value: '0' },
        { text: { type: 'plain_text', text: 'Slack', emoji: true }, value: '1' },
        { text: { type: 'plain_text', text: 'Pager', emoji: true }, value: '2' },
      ],
      initial_options: [
        { text: { type: 'plain_text', text: 'Slack', emoji: true }, value: '1' },
        { text: { type: 'plain_text', text: 'Pager', emoji: true }, value: '2' },
      ],
    });
    expect((submit as Button).action_id).toBe(HITL_ACTION_IDS.submit);
    expect(decodeHitlValue((submit as Button).value ?? '')).toEqual({
      address: { deployment: 'demo-v2', dagId: 'etl_daily', runId: 'manual__2026-12-06T09:00:00+00:00', taskId: 'approve_load', mapIndex: -1 },
      createdAt: '2026-12-06T09:00:00+00:00',
    });
    expect((link as Button).action_id).toBe(LINK_BUTTON_ACTION_ID);
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it.each([
    ['it has params', makeHitl({ params: { days: { value: 3, schema: { type: 'integer' }, description: null } } })],
    ['several may be chosen among 11 options', makeHitl({ multiple: true, options: Array.from({ length: 11 }, (_, i) => `o${i}`) })],
    ['it has 30 options', makeHitl({ options: Array.from({ length: 30 }, (_, i) => `o${i}`) })],
  ])('offers one Answer… button that opens the form when %s', (_why, request) => {
    const message = hitlMessage({ deployment, request, uiUrl: UI_URL, state: PENDING });
    const [answer, link, ...rest] = elementsOf(message.blocks) as Button[];
    expect(rest).toEqual([]);
    expect([answer?.action_id, answer?.text.text, link?.action_id]).toEqual([HITL_ACTION_IDS.openForm, 'Answer…', LINK_BUTTON_ACTION_ID]);
    expect(decodeHitlValue(answer?.value ?? '').option).toBeUndefined();
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('leaves only the link, and says why, when the ids are too long for a button', () => {
    const long = '\u0001'.repeat(250); // 6 characters each once encoded
    const request = makeHitl({ ref: { dagId: long, runId: long, taskId: long, mapIndex: -1 } });
    const message = hitlMessage({ deployment, request, uiUrl: UI_URL, state: PENDING });
    expect(elementsOf(message.blocks).map((e) => e.action_id)).toEqual([LINK_BUTTON_ACTION_ID]);
    expect(allText(message.blocks)).toContain('The ids of this request are too long for Slack buttons: answer it in Airflow.');
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('shows who answered in Slack, what and when, with the inputs escaped and no buttons but the link', () => {
    const state: HitlState = { kind: 'answered_in_slack', userId: 'U123ABC', at: '2026-12-06T09:14:00Z', chosenOptions: ['Approve'], paramsInput: { reason: 'ok <!here>', days: 3 } };
    const message = hitlMessage({ deployment, request: makeHitl(), uiUrl: UI_URL, state });
    expect(allText(message.blocks)).toContain('✅ Approve — <@U123ABC> from Slack · <!date^1796548440^{time}|09:14 UTC>\nInputs: reason: ok &lt;!here&gt;, days: 3');
    expect(elementsOf(message.blocks).map((e) => e.action_id)).toEqual([LINK_BUTTON_ACTION_ID]);
    expect(allText(message.blocks)).not.toContain('Waiting');
    expect(message.text).toBe('Answered (Approve): Load the orders into the warehouse? (etl_daily in Demo (Airflow 3))');
  });

  it('shows who answered in Airflow by name', () => {
    const state: HitlState = { kind: 'answered_in_airflow', by: { id: '7', name: 'carol<x>' }, at: '2026-12-06T09:20:00Z', chosenOptions: ['Reject'], paramsInput: {} };
    const message = hitlMessage({ deployment, request: makeHitl(), uiUrl: UI_URL, state });
    expect(allText(message.blocks)).toContain('✅ Reject — carol&lt;x&gt; in Airflow · <!date^1796548800^{time}|09:20 UTC>');
    expect(elementsOf(message.blocks).map((e) => e.action_id)).toEqual([LINK_BUTTON_ACTION_ID]);
  });

  it('says the request timed out and which defaults Airflow used', () => {
    const state: HitlState = { kind: 'answered_in_airflow', by: null, at: null, chosenOptions: ['Reject'], paramsInput: {} };
    const message = hitlMessage({ deployment, request: makeHitl({ defaults: ['Reject'] }), state });
    expect(allText(message.blocks)).toContain('⏱ Timed out: Airflow used the defaults (Reject)');
    expect(elementsOf(message.blocks)).toEqual([]);
    expect(message.text).toBe('Timed out: Load the orders into the warehouse? (etl_daily in Demo (Airflow 3))');
  });

  it('says the task no longer waits, with its state, and offers nothing to click but the link', () => {
    const message = hitlMessage({ deployment, request: makeHitl(), uiUrl: UI_URL, state: { kind: 'no_longer_waiting', taskState: 'up_for_retry' } });
    expect(allText(message.blocks)).toContain('The task no longer waits for an answer (state: up for retry).');
    expect(elementsOf(message.blocks).map((e) => e.action_id)).toEqual([LINK_BUTTON_ACTION_ID]);
  });

  it('leaves out a link that is not a web link', () => {
    const message = hitlMessage({ deployment, request: makeHitl(), uiUrl: 'javascript:alert(1)', state: { kind: 'no_longer_waiting', taskState: null } });
    expect(elementsOf(message.blocks)).toEqual([]);
  });

  it('keeps the fallback text plain and escaped', () => {
    const message = hitlMessage({ deployment, request: makeHitl({ subject: 'Go <!channel>\nnow' }), state: PENDING });
    expect(message.text).toBe('Waiting for an answer: Go &lt;!channel&gt; now (etl_daily in Demo (Airflow 3))');
  });
});

describe('hitlAnswerSummary', () => {
  it('lists the options and inputs on one escaped line', () => {
    expect(hitlAnswerSummary(['Rerun', 'Notify <!here>'], { reason: 'flaky\nsource', limits: { n: 1 } })).toBe(
      '✅ Rerun, Notify &lt;!here&gt; — reason: flaky source, limits: {"n":1}',
    );
  });

  it('shows the options alone when there are no inputs', () => {
    expect(hitlAnswerSummary(['Approve'], {})).toBe('✅ Approve');
  });
});

describe('hitlPendingList', () => {
  it('says so when nothing waits', () => {
    expect(hitlPendingList([])).toEqual({
      text: 'No request waits for an answer.',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'No request waits for an answer.' } }],
    });
  });

  it('shows each request compactly with its ways to answer', () => {
    const message = hitlPendingList([
      { deployment, request: makeHitl(), uiUrl: UI_URL },
      { deployment, request: makeHitl({ multiple: true, options: ['a', 'b'], ref: { dagId: 'd2', runId: 'r2', taskId: 't2', mapIndex: 0 } }) },
    ]);
    expect(message.text).toBe('2 requests wait for an answer');
    expect(allText(message.blocks)).toContain(
      '*Load the orders into the warehouse?*\nDemo (Airflow 3) · DAG `d2` · run `r2` · task `t2` [0] · asked <!date^1796547600^{date_short_pretty} {time_secs}|2026-12-06 09:00:00 UTC>',
    );
    const blocks = actionBlocks(message.blocks);
    expect(blocks.map((b) => b.elements.map((e) => e.action_id))).toEqual([
      ['hitl_option:0', 'hitl_option:1', LINK_BUTTON_ACTION_ID],
      [HITL_ACTION_IDS.choices, HITL_ACTION_IDS.submit],
    ]);
    expect(blocks[1]?.block_id).toBe('hitl_choices:1');
    expect(HITL_CHOICES_BLOCK_PATTERN.test(blocks[1]?.block_id ?? '')).toBe(true);
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('fits many requests in one message and says how many more and how to narrow', () => {
    const entries = Array.from({ length: 40 }, (_, i) => ({
      deployment,
      request: makeHitl({ multiple: i % 2 === 0, ref: { dagId: `dag_${i}`, runId: 'r', taskId: 't', mapIndex: -1 } }),
      uiUrl: UI_URL,
    }));
    const message = hitlPendingList(entries);
    expect(checkSlackLimits(message)).toEqual([]);
    expect(message.blocks).toHaveLength(MESSAGE_BLOCKS_MAX);
    expect(allText(message.blocks)).toContain('…and 16 more. Narrow the list with `/airflow pending <deployment>`.');
    expect(message.text).toBe('40 requests wait for an answer');
  });

  it('lists exactly as many as fit without a count when all fit', () => {
    const entries = Array.from({ length: 24 }, () => ({ deployment, request: makeHitl(), uiUrl: UI_URL }));
    const message = hitlPendingList(entries);
    expect(message.blocks).toHaveLength(49);
    expect(allText(message.blocks)).not.toContain('more');
    expect(checkSlackLimits(message)).toEqual([]);
  });
});

describe('checkboxes', () => {
  it('never holds more than Slack’s 10 options', () => {
    const request = makeHitl({ multiple: true, options: Array.from({ length: 10 }, (_, i) => `o${i}`) });
    const [checkboxes] = elementsOf(hitlMessage({ deployment, request, state: PENDING }).blocks) as Checkboxes[];
    expect(checkboxes?.options).toHaveLength(10);
  });
});
