import type { ActionsBlock, Button, SectionBlock } from '@slack/types';
import { decodeAddress } from '../../src/protocol/button-values';
import { ACTION_IDS } from '../../src/protocol/interaction-types';
import { checkSlackLimits } from '../../src/views/limits';
import { LINK_BUTTON_ACTION_ID } from '../../src/views/links';
import { taskInstanceCard, type TaskInstanceCardInput } from '../../src/views/task-instance-card';
import { allText, buttonActionIds, deployment, extremeTi, makeTi, NOW, sections } from './fixtures';

const UI_URL = 'https://airflow.example.com/dags/etl_daily/runs/r1/tasks/load_orders?try=2&x=1';

function card(overrides: Partial<TaskInstanceCardInput> = {}) {
  return taskInstanceCard({ deployment, ti: makeTi(), uiUrl: UI_URL, ...overrides });
}

function buttons(message: ReturnType<typeof card>): Button[] {
  return message.blocks
    .filter((block): block is ActionsBlock => block.type === 'actions')
    .flatMap((block) => block.elements.filter((element): element is Button => element.type === 'button'));
}

describe('taskInstanceCard', () => {
  it('shows the header, the state with its emoji, and every detail field', () => {
    const message = card();
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Demo (Airflow 3) · load_orders', emoji: true },
    });
    const details = message.blocks[1] as SectionBlock;
    expect(details.text?.text).toBe(':x: *failed*');
    expect(details.fields?.map((field) => field.text)).toEqual([
      '*DAG*\n`etl_daily`',
      '*Run*\n`scheduled__2024-05-01T00:00:00+00:00`',
      '*Task*\n`load_orders`',
      '*Try*\n2 of 4',
      '*Operator*\nPythonOperator',
      '*Start*\n<!date^1714521660^{date_short_pretty} {time_secs}|2024-05-01 00:01:00 UTC>',
      '*End*\n<!date^1714521963^{date_short_pretty} {time_secs}|2024-05-01 00:06:03 UTC>',
      '*Duration*\n5m 03s',
      '*Host*\nworker-1.internal',
    ]);
    expect(message.text).toBe(':x: load_orders in etl_daily (Demo (Airflow 3)): failed');
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('shows the map index with its rendered label for a mapped task', () => {
    const message = card({ ti: makeTi({ mapIndex: 4, renderedMapIndex: 'file=<a&b>.csv' }) });
    expect((message.blocks[1] as SectionBlock).fields?.[3]?.text).toBe('*Map index*\n4 (file=&lt;a&amp;b&gt;.csv)');
  });

  it('measures a running try against now', () => {
    const ti = makeTi({ state: 'running', startDate: '2024-05-01T00:07:30Z', endDate: null, durationSeconds: null });
    expect(allText(card({ ti, now: NOW }).blocks)).toContain('*Duration*\n2m 30s so far');
    expect(allText(card({ ti }).blocks)).toContain('*Duration*\n—');
  });

  it('shows the buttons for a failed task instance, each carrying its address with the try', () => {
    const message = card();
    expect(buttonActionIds(message.blocks)).toEqual([
      ACTION_IDS.viewLogs,
      ACTION_IDS.markSuccess,
      ACTION_IDS.clear,
      ACTION_IDS.addNote,
      ACTION_IDS.refresh,
      LINK_BUTTON_ACTION_ID,
    ]);
    const all = buttons(message);
    expect(all.map((b) => b.text.text)).toEqual(['View logs', 'Mark success', 'Clear (retry)', 'Add note', 'Refresh', 'Open in Airflow']);
    for (const b of all.slice(0, -1)) {
      expect(decodeAddress(b.value ?? '')).toEqual({
        deployment: 'demo-v2',
        dagId: 'etl_daily',
        runId: 'scheduled__2024-05-01T00:00:00+00:00',
        taskId: 'load_orders',
        mapIndex: -1,
        tryNumber: 2,
      });
    }
    expect(all.at(-1)).toEqual({
      type: 'button',
      action_id: LINK_BUTTON_ACTION_ID,
      text: { type: 'plain_text', text: 'Open in Airflow', emoji: true },
      url: UI_URL,
    });
  });

  it('leaves out Mark success on a success task instance', () => {
    expect(buttonActionIds(card({ ti: makeTi({ state: 'success' }) }).blocks)).toEqual([
      ACTION_IDS.viewLogs,
      ACTION_IDS.markFailed,
      ACTION_IDS.clear,
      ACTION_IDS.addNote,
      ACTION_IDS.refresh,
      LINK_BUTTON_ACTION_ID,
    ]);
  });

  it('shows only the allowed buttons', () => {
    const message = card({ allowedActions: ['viewLogs', 'refresh', 'markFailed'] });
    expect(buttonActionIds(message.blocks)).toEqual([ACTION_IDS.viewLogs, ACTION_IDS.refresh, LINK_BUTTON_ACTION_ID]);
  });

  it('leaves out the Open in Airflow button when the URL is not a web link', () => {
    expect(buttonActionIds(card({ uiUrl: 'javascript:alert(1)' }).blocks)).not.toContain(LINK_BUTTON_ACTION_ID);
  });

  it('shows who acted, the note, the tries and the extra links', () => {
    const message = card({
      actor: { userId: 'U024BE7LH', verb: 'Marked success' },
      ti: makeTi({ note: 'Upstream <late> & flaky' }),
      tries: [
        { tryNumber: 1, state: 'failed', startDate: null, endDate: null, durationSeconds: null, hostname: null },
        { tryNumber: 2, state: 'running', startDate: null, endDate: null, durationSeconds: null, hostname: null },
      ],
      extraLinks: [
        { name: 'Job <logs>', url: 'https://emr.example.com/j?a=1&b=2' },
        { name: 'Unset', url: null },
        { name: 'Bad', url: 'ftp://x' },
      ],
    });
    const text = allText(message.blocks);
    expect(text).toContain('Marked success by <@U024BE7LH>');
    expect(text).toContain('*Note*\nUpstream &lt;late&gt; &amp; flaky');
    expect(text).toContain('Tries: 1 :x:  2 :arrows_counterclockwise:');
    expect(text).toContain('*Links*: <https://emr.example.com/j?a=1&amp;b=2|Job &lt;logs&gt;> · Bad');
    expect(text).not.toContain('Unset');
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('shows a forged user id escaped instead of as a mention', () => {
    expect(allText(card({ actor: { userId: '!channel', verb: 'Cleared' } }).blocks)).toContain('Cleared by !channel');
    expect(allText(card({ actor: { userId: '<!here>', verb: 'Cleared' } }).blocks)).toContain('Cleared by &lt;!here&gt;');
  });

  it('stays within Slack limits with 250-character ids, a 1000-character note and hostile text', () => {
    const tries = Array.from({ length: 40 }, (_, i) => ({
      tryNumber: i + 1,
      state: 'failed' as const,
      startDate: null,
      endDate: null,
      durationSeconds: null,
      hostname: null,
    }));
    const extraLinks = Array.from({ length: 100 }, (_, i) => ({ name: `<link ${i}>`.repeat(10), url: `https://x.example/${'&'.repeat(200)}` }));
    const message = card({ ti: extremeTi(), tries, extraLinks, actor: { userId: 'U1', verb: 'v'.repeat(500) }, uiUrl: `https://x.example/${'a'.repeat(2900)}` });
    expect(checkSlackLimits(message)).toEqual([]);
    expect(message.blocks[0]?.type === 'header' && message.blocks[0].text.text).toBe(
      `Demo (Airflow 3) · ${'t'.repeat(130)}…`,
    );
    const text = allText(message.blocks);
    expect(text).not.toMatch(/<!channel|<&/);
    expect(text).toContain('Tries (last 10 of 40): 31 :x:');
    // Escaping makes the 1000-character note 4,331 characters: it spans two sections, whole.
    const noteText = sections(message.blocks)
      .map((block) => block.text?.text ?? '')
      .filter((t) => t.startsWith('*Note*') || t.startsWith('&'))
      .join('');
    expect(noteText).toBe('*Note*\n' + '&amp;&lt;&gt;'.repeat(333) + '😀');
    expect(buttonActionIds(message.blocks)).toEqual([
      ACTION_IDS.viewLogs,
      ACTION_IDS.markSuccess,
      ACTION_IDS.clear,
      ACTION_IDS.addNote,
      ACTION_IDS.refresh,
      LINK_BUTTON_ACTION_ID,
    ]);
  });

  it('leaves out the action buttons and says why when the ids cannot fit in a button', () => {
    const ti = makeTi({ dagId: 'd'.repeat(250), taskId: 't'.repeat(250), runId: '\u0001'.repeat(250) });
    const message = card({ ti });
    expect(buttonActionIds(message.blocks)).toEqual([LINK_BUTTON_ACTION_ID]);
    expect(allText(message.blocks)).toMatch(/Buttons are unavailable: The ids of this task instance are too long for a Slack button/);
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('keeps every section within limits', () => {
    for (const block of sections(card({ ti: extremeTi() }).blocks)) {
      expect((block.text?.text ?? '').length).toBeLessThanOrEqual(3000);
    }
  });
});
