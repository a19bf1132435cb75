import { helpMessage } from '../../src/views/help-message';
import { checkSlackLimits } from '../../src/views/limits';
import { allText, sections } from './fixtures';

const forms = [
  { syntax: 'ti [deployment] <dag_id> <run> <task_id>', example: 'ti demo etl latest load', summary: 'Show a task instance.' },
  { syntax: '/airflow failed [deployment] [dag_id]', example: '/airflow failed demo', summary: 'Failed task instances <24h>.' },
];

describe('helpMessage', () => {
  it('lists every form with the slash command, its summary and an example', () => {
    const message = helpMessage({ slashCommand: '/airflow', forms });
    expect(message.text).toBe('How to use /airflow');
    expect(sections(message.blocks).map((block) => block.text?.text)).toEqual([
      '`/airflow ti [deployment] &lt;dag_id&gt; &lt;run&gt; &lt;task_id&gt;`\nShow a task instance.\nExample: `/airflow ti demo etl latest load`\n\n' +
        '`/airflow failed [deployment] [dag_id]`\nFailed task instances &lt;24h&gt;.\nExample: `/airflow failed demo`\n',
    ]);
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('uses the slash command it is given', () => {
    expect(allText(helpMessage({ slashCommand: '/af-staging', forms }).blocks)).toContain('`/af-staging ti [deployment]');
  });

  it('stays within Slack limits with many long forms', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({
      syntax: `cmd${i} ${'<arg>'.repeat(100)}`,
      example: 'e'.repeat(500),
      summary: 's&'.repeat(500),
    }));
    expect(checkSlackLimits(helpMessage({ slashCommand: '/airflow', forms: many }))).toEqual([]);
  });
});
