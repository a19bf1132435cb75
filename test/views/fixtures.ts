import type { KnownBlock, SectionBlock } from '@slack/types';
import type { TaskInstance } from '../../src/airflow/model';
import type { DeploymentDisplay } from '../../src/views/message';

/** Shared inputs for the view tests: fixed dates, realistic ids, and the extreme cases. */

export const deployment: DeploymentDisplay = { name: 'demo-v2', displayName: 'Demo (Airflow 3)' };

/** 2024-05-01T00:10:00Z */
export const NOW = Date.UTC(2024, 4, 1, 0, 10, 0);

export function makeTi(overrides: Partial<TaskInstance> = {}): TaskInstance {
  return {
    dagId: 'etl_daily',
    runId: 'scheduled__2024-05-01T00:00:00+00:00',
    taskId: 'load_orders',
    mapIndex: -1,
    state: 'failed',
    tryNumber: 2,
    maxTries: 3,
    startDate: '2024-05-01T00:01:00+00:00',
    endDate: '2024-05-01T00:06:03+00:00',
    durationSeconds: 303,
    logicalDate: '2024-05-01T00:00:00+00:00',
    operator: 'PythonOperator',
    hostname: 'worker-1.internal',
    pool: 'default_pool',
    queue: 'default',
    note: null,
    renderedMapIndex: null,
    ...overrides,
  };
}

/** 250 characters, the longest id Airflow stores, full of characters mrkdwn must escape. */
export const LONG_HOSTILE_ID = '<&>'.repeat(83) + 'x';

/** 250 characters of a plain id. */
export const LONG_ID = 'i'.repeat(250);

export function extremeTi(): TaskInstance {
  return makeTi({
    dagId: LONG_ID,
    runId: LONG_HOSTILE_ID,
    taskId: 't'.repeat(250),
    mapIndex: 12345,
    renderedMapIndex: 'r<&>'.repeat(200),
    note: '&<>'.repeat(333) + '😀',
    operator: 'O'.repeat(1000),
    hostname: '<!channel>'.repeat(100),
  });
}

/** Every mrkdwn text in a message, in order, for assertions on content. */
export function allText(blocks: readonly KnownBlock[]): string {
  const texts: string[] = [];
  for (const block of blocks) {
    if (block.type === 'header') texts.push(block.text.text);
    if (block.type === 'section') {
      if (block.text !== undefined) texts.push(block.text.text);
      for (const field of block.fields ?? []) texts.push(field.text);
    }
    if (block.type === 'context') {
      for (const element of block.elements) if ('text' in element) texts.push(element.text);
    }
  }
  return texts.join('\n');
}

export function sections(blocks: readonly KnownBlock[]): SectionBlock[] {
  return blocks.filter((block): block is SectionBlock => block.type === 'section');
}

/** `action_id`s of the buttons in the message, in order. */
export function buttonActionIds(blocks: readonly KnownBlock[]): string[] {
  return blocks.flatMap((block) =>
    block.type === 'actions' ? block.elements.flatMap((element) => (element.type === 'button' ? [element.action_id ?? ''] : [])) : [],
  );
}

/** True when `text` has no half of a surrogate pair on its own (it survives a UTF-8 round trip). */
export function isWellFormed(text: string): boolean {
  return Buffer.from(text, 'utf8').toString('utf8') === text;
}
