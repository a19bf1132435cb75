import type { ActionsBlock, Button } from '@slack/types';
import type { AffectedTaskInstance, TaskAction } from '../../src/airflow/model';
import { ACTION_IDS, type PendingAction } from '../../src/protocol/interaction-types';
import { actionPreview } from '../../src/views/action-preview';
import { checkSlackLimits } from '../../src/views/limits';
import { allText, buttonActionIds, deployment, LONG_HOSTILE_ID, LONG_ID, sections } from './fixtures';

const target = { deployment: 'demo-v2', dagId: 'etl_daily', runId: 'manual__1', taskId: 'load', mapIndex: -1, tryNumber: 2 };
const markSuccess: TaskAction = { kind: 'set_state', newState: 'success', includeUpstream: false, includeDownstream: true };

function pendingFor(action: TaskAction, overrides: Partial<PendingAction> = {}): PendingAction {
  return { previewId: 'pv_1', target, action, expectedState: 'failed', expectedTry: 2, ...overrides };
}

function affected(count: number, base: Partial<AffectedTaskInstance> = {}): AffectedTaskInstance[] {
  return Array.from({ length: count }, (_, i) => ({
    dagId: 'etl_daily',
    runId: 'manual__1',
    taskId: `task_${i}`,
    mapIndex: i === 1 ? 3 : -1,
    state: 'failed' as const,
    ...base,
  }));
}

function preview(pending: PendingAction, items: AffectedTaskInstance[]) {
  return actionPreview({
    deployment,
    pending,
    preview: { target, action: pending.action, affected: items },
    requestedBy: 'U024BE7LH',
  });
}

function buttons(message: ReturnType<typeof preview>): Button[] {
  return message.blocks
    .filter((block): block is ActionsBlock => block.type === 'actions')
    .flatMap((block) => block.elements.filter((element): element is Button => element.type === 'button'));
}

describe('actionPreview', () => {
  it('says what will change and lists each task instance with its current and new state', () => {
    const message = preview(pendingFor(markSuccess), affected(3));
    expect(message.text).toBe('Mark success: 3 task instances will change. Confirm or cancel.');
    expect(sections(message.blocks).map((block) => block.text?.text)).toEqual([
      '*Mark success* (with downstream): 3 task instances will change.',
      '• `task_0` · :x: failed → success\n• `task_1` [3] · :x: failed → success\n• `task_2` · :x: failed → success',
    ]);
    expect(allText(message.blocks)).toContain('`load` in `etl_daily` / `manual__1` · Demo (Airflow 3) · requested by <@U024BE7LH>');
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('carries only the preview id in Confirm and Cancel', () => {
    const pending = pendingFor(markSuccess);
    const message = preview(pending, affected(1));
    const [confirm, cancel] = buttons(message);
    expect(confirm).toMatchObject({ action_id: ACTION_IDS.confirm, text: { text: 'Confirm' }, style: 'primary' });
    expect(cancel).toMatchObject({ action_id: ACTION_IDS.cancel, text: { text: 'Cancel' } });
    expect(cancel?.style).toBeUndefined();
    expect(confirm?.value).toBe(pending.previewId);
    expect(cancel?.value).toBe(pending.previewId);
    expect(message.text).toBe('Mark success: 1 task instance will change. Confirm or cancel.');
  });

  it.each([
    [{ kind: 'set_state', newState: 'failed', includeUpstream: false, includeDownstream: false }, 'danger', 'Mark failed', 'failed'],
    [{ kind: 'clear', includeUpstream: true, includeDownstream: true }, 'danger', 'Clear', 'cleared (runs again)'],
    [{ kind: 'set_state', newState: 'skipped', includeUpstream: true, includeDownstream: false }, 'primary', 'Mark skipped', 'skipped'],
  ] as const)('styles Confirm and names the new state for %p', (action, style, title, newState) => {
    const message = preview(pendingFor(action), affected(1, { state: 'success' }));
    expect(buttons(message)[0]?.style).toBe(style);
    expect(allText(message.blocks)).toContain(`*${title}*`);
    expect(allText(message.blocks)).toContain(`:white_check_mark: success → ${newState}`);
  });

  it('lists at most 20 task instances, then counts the rest', () => {
    const message = preview(pendingFor(markSuccess), affected(65));
    const text = allText(message.blocks);
    expect(text.match(/^• /gm)).toHaveLength(20);
    expect(text).toContain('`task_19`');
    expect(text).not.toContain('`task_20`');
    expect(text).toContain('…and 45 more');
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('offers only Cancel when nothing would change', () => {
    const message = preview(pendingFor(markSuccess), []);
    expect(message.text).toBe('Mark success: nothing would change.');
    expect(buttonActionIds(message.blocks)).toEqual([ACTION_IDS.cancel]);
  });

  it('stays within limits with 250-character hostile ids everywhere', () => {
    const longTarget = { ...target, dagId: LONG_ID, runId: LONG_HOSTILE_ID, taskId: LONG_ID };
    const pending = pendingFor(markSuccess, { target: longTarget });
    const message = preview(pending, affected(30, { taskId: LONG_HOSTILE_ID, state: null }));
    expect(checkSlackLimits(message)).toEqual([]);
    expect(buttons(message)[0]?.value).toBe(pending.previewId);
    expect(allText(message.blocks)).not.toMatch(/<&/);
    expect(allText(message.blocks)).toContain(':white_circle: no status → success');
  });

  it('leaves out the buttons and says why when the preview id is malformed', () => {
    const message = preview(pendingFor(markSuccess, { previewId: 'not an id' }), affected(1));
    expect(buttonActionIds(message.blocks)).toEqual([]);
    expect(allText(message.blocks)).toContain('This action cannot be confirmed from Slack: This preview cannot be put on a Slack button');
    expect(checkSlackLimits(message)).toEqual([]);
  });
});
