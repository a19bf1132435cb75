import type { ActionsBlock, Overflow } from '@slack/types';
import type { AuditRecord } from '../../src/audit/audit-trail';
import { decodeAddress } from '../../src/protocol/button-values';
import { ACTION_IDS } from '../../src/protocol/interaction-types';
import { auditHistory } from '../../src/views/audit-history';
import { checkSlackLimits } from '../../src/views/limits';
import { taskInstanceCard } from '../../src/views/task-instance-card';
import { allText, deployment, LONG_HOSTILE_ID, makeTi } from './fixtures';

const address = { deployment: 'demo-v2', dagId: 'etl_daily', runId: 'manual__1', taskId: 'load', mapIndex: -1 };

function record(overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id: 'a1',
    at: '2026-11-23T09:00:00.000Z',
    userId: 'UBOB000001',
    deployment: 'demo-v2',
    action: 'mark_success',
    target: address,
    outcome: 'applied',
    ...overrides,
  };
}

describe('auditHistory', () => {
  it('lists each attempt with its time, its true author, the action, the outcome and the reason', () => {
    const message = auditHistory({
      deployment,
      address,
      records: [record({ userId: 'UMALLORY01', action: 'note', outcome: 'refused', reason: 'note full' }), record()],
    });
    expect(message.text).toBe('Audit of load: 2 recent entries');
    expect(allText(message.blocks)).toContain(
      ':no_entry: <!date^1795424400^{date_short_pretty} {time_secs}|2026-11-23 09:00:00 UTC> <@UMALLORY01> *note* refused — note full\n' +
        ':white_check_mark: <!date^1795424400^{date_short_pretty} {time_secs}|2026-11-23 09:00:00 UTC> <@UBOB000001> *mark_success* applied',
    );
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('says so when nothing was recorded', () => {
    expect(allText(auditHistory({ deployment, address, records: [] }).blocks)).toContain('Nothing recorded for this task instance.');
  });

  it('escapes what users wrote and forged user ids, and stays within limits with many long entries', () => {
    const records = Array.from({ length: 100 }, (_, i) =>
      record({ id: `a${i}`, userId: '<!channel>', action: 'note', reason: `<!here> ${'x'.repeat(990)}` }),
    );
    const message = auditHistory({ deployment, address: { ...address, taskId: LONG_HOSTILE_ID }, records });
    expect(allText(message.blocks)).not.toMatch(/<!channel>|<!here>/);
    expect(checkSlackLimits(message)).toEqual([]);
  });
});

describe('the card’s Audit entry', () => {
  function overflowOf(blocks: ReturnType<typeof taskInstanceCard>['blocks']): Overflow | undefined {
    return blocks
      .filter((block): block is ActionsBlock => block.type === 'actions')
      .flatMap((block) => block.elements)
      .find((element): element is Overflow => element.type === 'overflow');
  }

  it('sits in the overflow menu and carries the task instance’s address', () => {
    const message = taskInstanceCard({ deployment, ti: makeTi(), uiUrl: 'https://airflow.example.com/x' });
    const overflow = overflowOf(message.blocks);
    expect(overflow?.action_id).toBe(ACTION_IDS.audit);
    expect(overflow?.options.map((option) => option.text.text)).toEqual(['Audit']);
    expect(decodeAddress(overflow?.options[0]?.value ?? '')).toMatchObject({ deployment: 'demo-v2', dagId: 'etl_daily', taskId: 'load_orders' });
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('is left out when the address would not fit in an option value (Slack allows 150 characters)', () => {
    const message = taskInstanceCard({ deployment, ti: makeTi({ runId: 'r'.repeat(120) }), uiUrl: 'https://airflow.example.com/x' });
    expect(overflowOf(message.blocks)).toBeUndefined();
    expect(checkSlackLimits(message)).toEqual([]);
  });
});
