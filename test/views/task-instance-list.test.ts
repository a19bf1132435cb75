import type { SectionBlock } from '@slack/types';
import { decodeAddress } from '../../src/protocol/button-values';
import { ACTION_IDS } from '../../src/protocol/interaction-types';
import { checkSlackLimits } from '../../src/views/limits';
import { LINK_BUTTON_ACTION_ID } from '../../src/views/links';
import { taskInstanceList } from '../../src/views/task-instance-list';
import { allText, buttonActionIds, deployment, extremeTi, makeTi } from './fixtures';

const uiUrlFor = (ti: { taskId: string }) => `https://airflow.example.com/ti/${encodeURIComponent(ti.taskId)}`;

describe('taskInstanceList', () => {
  it('shows one row per task instance with its state, ids, try, end time and buttons', () => {
    const message = taskInstanceList({
      deployment,
      title: 'Failed task instances (last 24 hours)',
      tis: [makeTi(), makeTi({ taskId: 'notify', state: 'up_for_retry', mapIndex: 2, endDate: null })],
      uiUrlFor,
    });
    expect(message.text).toBe('Failed task instances (last 24 hours): 2 task instances in Demo (Airflow 3)');
    expect(message.blocks).toHaveLength(6);
    expect((message.blocks[2] as SectionBlock).text?.text).toBe(
      ':x: *failed* `load_orders` in `etl_daily`\n' +
        'Run `scheduled__2024-05-01T00:00:00+00:00` · try 2 of 4 · ended <!date^1714521963^{date_short_pretty} {time_secs}|2024-05-01 00:06:03 UTC>',
    );
    expect((message.blocks[4] as SectionBlock).text?.text).toBe(
      ':repeat: *up for retry* `notify` [2] in `etl_daily`\nRun `scheduled__2024-05-01T00:00:00+00:00` · try 2 of 4 · ended —',
    );
    expect(buttonActionIds(message.blocks)).toEqual([
      ACTION_IDS.viewLogs,
      ACTION_IDS.markSuccess,
      ACTION_IDS.clear,
      LINK_BUTTON_ACTION_ID,
      ACTION_IDS.viewLogs,
      ACTION_IDS.markSuccess,
      ACTION_IDS.clear,
      LINK_BUTTON_ACTION_ID,
    ]);
    const firstValue = message.blocks[3]?.type === 'actions' && message.blocks[3].elements[0]?.type === 'button' ? message.blocks[3].elements[0].value : '';
    expect(decodeAddress(firstValue ?? '')).toMatchObject({ deployment: 'demo-v2', taskId: 'load_orders', tryNumber: 2 });
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('shows at most 20 of 60 failed task instances with the longest ids, then counts the rest', () => {
    const tis = Array.from({ length: 60 }, () => extremeTi());
    const message = taskInstanceList({ deployment, title: 'Failed <all> & more', tis, uiUrlFor });
    expect(checkSlackLimits(message)).toEqual([]);
    expect(message.blocks).toHaveLength(43);
    expect(allText(message.blocks)).toContain('…and 40 more. Narrow it down with a DAG id.');
    expect(message.text).toBe('Failed &lt;all&gt; &amp; more: 60 task instances in Demo (Airflow 3)');
  });

  it('never exceeds 50 blocks whatever maxShown asks for', () => {
    const tis = Array.from({ length: 60 }, (_, i) => makeTi({ taskId: `t${i}` }));
    const message = taskInstanceList({ deployment, title: 'Failed', tis, uiUrlFor, maxShown: 100 });
    // Header, count line, 23 rows of two blocks, and the "…and 37 more" line.
    expect(message.blocks).toHaveLength(49);
    expect(checkSlackLimits(message)).toEqual([]);
    expect(allText(message.blocks)).toContain('…and 37 more.');
  });

  it('offers only the allowed buttons', () => {
    const message = taskInstanceList({ deployment, title: 'Failed', tis: [makeTi()], uiUrlFor, allowedActions: ['viewLogs'] });
    expect(buttonActionIds(message.blocks)).toEqual([ACTION_IDS.viewLogs, LINK_BUTTON_ACTION_ID]);
  });

  it('says so when there is nothing to show', () => {
    const message = taskInstanceList({ deployment, title: 'Failed', tis: [], uiUrlFor });
    expect(allText(message.blocks)).toBe('Failed\n0 task instances in Demo (Airflow 3)\n:white_check_mark: No task instances to show.');
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('explains missing buttons when the ids do not fit and there is no link', () => {
    const ti = makeTi({ dagId: 'd'.repeat(250), taskId: 't'.repeat(250), runId: '\u0001'.repeat(250) });
    const message = taskInstanceList({ deployment, title: 'Failed', tis: [ti], uiUrlFor: () => 'not a url' });
    expect(buttonActionIds(message.blocks)).toEqual([]);
    expect(allText(message.blocks)).toContain('Buttons are unavailable: The ids of this task instance are too long');
    expect(checkSlackLimits(message)).toEqual([]);
  });
});
