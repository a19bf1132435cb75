import type { ActionsBlock } from '@slack/types';
import type { LogExcerpt } from '../../src/logs/excerpt-types';
import { checkSlackLimits } from '../../src/views/limits';
import { LINK_BUTTON_ACTION_ID } from '../../src/views/links';
import { decodeAddress } from '../../src/protocol/button-values';
import { ACTION_IDS, LOG_TRY_ACTION_PATTERN } from '../../src/protocol/interaction-types';
import { actionIds, buttonValue } from '../helpers/find-button';
import { logExcerptMessage, type LogExcerptMessageInput } from '../../src/views/log-excerpt-message';
import { allText, deployment, isWellFormed, LONG_HOSTILE_ID, LONG_ID, sections } from './fixtures';

const ref = { dagId: 'etl_daily', runId: 'manual__1', taskId: 'load_orders', mapIndex: -1 };
const FULL_LOG_URL = 'https://airflow.example.com/dags/etl_daily/runs/manual__1/tasks/load_orders?try_number=2';

function message(excerpt: LogExcerpt, overrides: Partial<LogExcerptMessageInput> = {}) {
  return logExcerptMessage({ deployment, ref, tryNumber: 2, excerpt, fullLogUrl: FULL_LOG_URL, ...overrides });
}

/** The text between the fences of every code block, in order. */
function codeBodies(texts: string[]): string[] {
  return texts.flatMap((text) => [...text.matchAll(/```\n([\s\S]*?)\n```/g)].map((match) => match[1] ?? ''));
}

describe('logExcerptMessage', () => {
  it('shows the header with the try, each section as a code block, and a link to the full log', () => {
    const result = message({
      cause: [],
      sections: [{ kind: 'tail', title: 'Around the first error', firstLineNumber: 41, lines: ['Traceback (most recent call last):', 'ValueError: bad <row> & more'] }],
      totalLines: 120,
      errorFound: true,
      truncated: true,
    });
    expect(result.text).toBe('Log of load_orders (try 2) in Demo (Airflow 3)');
    expect(result.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Log of load_orders · try 2', emoji: true } });
    expect(sections(result.blocks).map((block) => block.text?.text)).toEqual([
      '*Around the first error* · lines 41–42\n```\nTraceback (most recent call last):\nValueError: bad &lt;row&gt; &amp; more\n```',
    ]);
    expect(allText(result.blocks)).toContain('2 of 120 log lines in this excerpt. The full log is in Airflow.');
    const actions = result.blocks.at(-1) as ActionsBlock;
    expect(actions.elements).toEqual([
      {
        type: 'button',
        action_id: LINK_BUTTON_ACTION_ID,
        text: { type: 'plain_text', text: 'Full log in Airflow', emoji: true },
        url: FULL_LOG_URL,
      },
    ]);
    expect(checkSlackLimits(result)).toEqual([]);
  });

  it('shows why the task failed above the sections, counting each line once', () => {
    const result = message({
      cause: [
        { n: 44, text: "KeyError: 'amount'" },
        { n: 51, text: 'ValueError: bad <row>' },
      ],
      sections: [{ kind: 'failure', title: 'Around the failure', firstLineNumber: 49, lines: ['Traceback (most recent call last):', '  File "a.py", line 1', 'ValueError: bad <row>'] }],
      totalLines: 60,
      errorFound: true,
      truncated: true,
    });
    expect(sections(result.blocks).map((block) => block.text?.text)).toEqual([
      "*Why the task failed* · lines 44–51\n```\nKeyError: 'amount'\n⋮\nValueError: bad &lt;row&gt;\n```",
      '*Around the failure* · lines 49–51\n```\nTraceback (most recent call last):\n  File "a.py", line 1\nValueError: bad &lt;row&gt;\n```',
    ]);
    expect(allText(result.blocks)).toContain('4 of 60 log lines in this excerpt.');
  });

  it('neutralises backticks so log text cannot close the code block', () => {
    const result = message({
      cause: [],
      sections: [{ kind: 'tail', title: 'Last lines', firstLineNumber: 1, lines: ['```', 'echo `date` ````` done', '`'] }],
      totalLines: 3,
      errorFound: false,
      truncated: false,
    });
    const [text] = sections(result.blocks).map((block) => block.text?.text ?? '');
    expect(text).toBe('*Last lines* · lines 1–3\n```\n`\u200b`\u200b`\necho `date` `\u200b`\u200b`\u200b`\u200b` done\n`\n```');
    // Exactly the two fences remain as runs of backticks.
    expect(text?.match(/``+/g)).toEqual(['```', '```']);
    expect(allText(result.blocks)).toContain('No error line found; these are the last lines.');
  });

  it('escapes mentions and entities in log lines', () => {
    const result = message({
      cause: [],
      sections: [{ kind: 'tail', title: '<b>', firstLineNumber: 7, lines: ['<!channel> <@U123> a&b'] }],
      totalLines: 7,
      errorFound: true,
      truncated: false,
    });
    expect(sections(result.blocks)[0]?.text?.text).toBe('*&lt;b&gt;* · line 7\n```\n&lt;!channel&gt; &lt;@U123&gt; a&amp;b\n```');
  });

  it('splits a 50,000-character line and multi-byte text into blocks of at most 3000 characters, losing nothing', () => {
    const longLine = 'x'.repeat(50_000);
    const cjk = '错误：连接失败 😀🔥 '.repeat(100);
    const result = message({
      cause: [],
      sections: [{ kind: 'tail', title: 'Around the first error', firstLineNumber: 1, lines: [cjk, longLine] }],
      totalLines: 2,
      errorFound: true,
      truncated: false,
    });
    expect(checkSlackLimits(result)).toEqual([]);
    const texts = sections(result.blocks).map((block) => block.text?.text ?? '');
    for (const text of texts) {
      expect(text.length).toBeLessThanOrEqual(3000);
      expect(isWellFormed(text)).toBe(true);
    }
    expect(codeBodies(texts).join('\n').replace(/\n/g, '')).toBe(cjk + longLine);
  });

  it('cuts an excerpt larger than a message and says so', () => {
    const lines = Array.from({ length: 200 }, () => '`'.repeat(1000));
    const result = message({
      cause: [],
      sections: [
        { kind: 'tail', title: 'Around the first error', firstLineNumber: 1, lines },
        { kind: 'tail', title: 'Last lines', firstLineNumber: 900, lines },
      ],
      totalLines: 5000,
      errorFound: true,
      truncated: true,
    });
    expect(checkSlackLimits(result)).toEqual([]);
    expect(result.blocks).toHaveLength(48);
    expect(allText(result.blocks)).toContain(
      '400 of 5000 log lines in this excerpt. The excerpt was cut to fit in Slack. The full log is in Airflow.',
    );
    for (const text of sections(result.blocks).map((block) => block.text?.text ?? '')) {
      expect(text.match(/``+/g)?.every((run) => run === '```')).toBe(true);
    }
  });

  it('stays within limits with 250-character hostile ids and a mapped task', () => {
    const result = message(
      { cause: [], sections: [{ kind: 'tail', title: 't'.repeat(500), firstLineNumber: 1, lines: ['a'] }], totalLines: 1, errorFound: true, truncated: false },
      { ref: { dagId: LONG_HOSTILE_ID, runId: LONG_HOSTILE_ID, taskId: LONG_ID, mapIndex: 7 }, tryNumber: 12 },
    );
    expect(checkSlackLimits(result)).toEqual([]);
    expect(result.blocks[0]?.type === 'header' && result.blocks[0].text.text).toBe(`Log of ${'i'.repeat(150 - 7 - 13 - 1)}… [7] · try 12`);
    expect(allText(result.blocks.slice(1))).not.toMatch(/<&/);
  });

  it('says so when the log is empty and leaves out a link that is not a web link', () => {
    const result = message({ cause: [], sections: [], totalLines: 0, errorFound: false, truncated: false }, { fullLogUrl: 'about:blank' });
    expect(allText(result.blocks)).toContain('The log of this try is empty.');
    expect(allText(result.blocks)).not.toContain('No error line found');
    expect(result.blocks.some((block) => block.type === 'actions')).toBe(false);
    expect(checkSlackLimits(result)).toEqual([]);
  });

  describe('Full log and the other tries', () => {
    const excerpt: LogExcerpt = { cause: [], sections: [{ kind: 'tail', title: 'Last lines', firstLineNumber: 1, lines: ['a'] }], totalLines: 1, errorFound: false, truncated: false };

    it('offers Full log for the try shown and a button to each other try, newest first, and says which try is shown', () => {
      const result = message(excerpt, { deploymentName: 'prod', tryNumber: 2, latestTry: 4 });
      expect(result.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Log of load_orders · try 2 of 4', emoji: true } });
      expect(actionIds(result.blocks)).toEqual([ACTION_IDS.fullLog, 'ti_log_try_4', 'ti_log_try_3', 'ti_log_try_1', LINK_BUTTON_ACTION_ID]);
      expect(decodeAddress(buttonValue(result.blocks, ACTION_IDS.fullLog))).toEqual({ deployment: 'prod', ...ref, tryNumber: 2 });
      expect(decodeAddress(buttonValue(result.blocks, 'ti_log_try_3'))).toEqual({ deployment: 'prod', ...ref, tryNumber: 3 });
      expect(actionIds(result.blocks).filter((id) => LOG_TRY_ACTION_PATTERN.test(id))).toHaveLength(3);
      expect(checkSlackLimits(result)).toEqual([]);
    });

    it('offers at most five other tries, the most recent ones', () => {
      const result = message(excerpt, { deploymentName: 'prod', tryNumber: 9, latestTry: 9 });
      expect(actionIds(result.blocks).filter((id) => LOG_TRY_ACTION_PATTERN.test(id))).toEqual([
        'ti_log_try_8',
        'ti_log_try_7',
        'ti_log_try_6',
        'ti_log_try_5',
        'ti_log_try_4',
      ]);
    });

    it('leaves the buttons out when the address does not fit in a button', () => {
      const result = message(excerpt, { deploymentName: 'prod', ref: { dagId: 'd'.repeat(300), runId: 'r', taskId: 't', mapIndex: -1 }, latestTry: 3 });
      expect(actionIds(result.blocks)).toEqual([LINK_BUTTON_ACTION_ID]);
    });
  });

  it('says where the log was cut and that the last lines shown are not its end', () => {
    const result = message({
      cause: [],
      sections: [{ kind: 'tail', title: 'Last lines read before the cut (not the end of the log)', firstLineNumber: 39, lines: ['x', 'y'] }],
      totalLines: 40,
      errorFound: false,
      truncated: true,
      cut: { reason: 'pages', afterLines: 40, afterBytes: 2048 },
    });
    const text = allText(result.blocks);
    expect(text).toContain(
      ':warning: The log was cut after line 40 (2 KiB read): the server kept offering more pages. The last lines shown are the last ones read, not the end of the log.',
    );
    expect(text).toContain('No error line found in the part that was read.');
    expect(text).toContain('2 of 40 log lines read in this excerpt.');
    expect(text).not.toContain('these are the last lines');
  });
});
