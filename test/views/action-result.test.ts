import type { AffectedTaskInstance, TaskAction } from '../../src/airflow/model';
import type { PendingAction } from '../../src/protocol/interaction-types';
import { actionRefused } from '../../src/views/action-refused';
import { actionResult, staleConfirm } from '../../src/views/action-result';
import { cancelled } from '../../src/views/cancelled';
import { checkSlackLimits } from '../../src/views/limits';
import { allText, deployment, LONG_HOSTILE_ID, sections } from './fixtures';

const target = { deployment: 'demo-v2', dagId: 'etl_daily', runId: 'manual__1', taskId: 'load', mapIndex: -1 };

function pendingFor(action: TaskAction): PendingAction {
  return { previewId: 'pv_1', target, action, expectedState: 'failed', expectedTry: 2 };
}

function changed(count: number, taskId = 'task'): AffectedTaskInstance[] {
  return Array.from({ length: count }, (_, i) => ({ dagId: 'etl_daily', runId: 'manual__1', taskId: `${taskId}_${i}`, mapIndex: -1, state: 'failed' as const }));
}

describe('actionResult', () => {
  it('says who marked how many task instances and lists them', () => {
    const message = actionResult({
      deployment,
      pending: pendingFor({ kind: 'set_state', newState: 'success', includeUpstream: false, includeDownstream: false }),
      changed: changed(3),
      actorUserId: 'U024BE7LH',
    });
    expect(message.text).toBe('<@U024BE7LH> marked 3 task instances success.');
    expect(sections(message.blocks).map((block) => block.text?.text)).toEqual([
      ':white_check_mark: <@U024BE7LH> marked 3 task instances success.',
      '• `task_0` · was failed\n• `task_1` · was failed\n• `task_2` · was failed',
    ]);
    expect(allText(message.blocks)).toContain('`load` in `etl_daily` / `manual__1` · Demo (Airflow 3)');
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('says cleared for a clear, in the singular for one', () => {
    const message = actionResult({
      deployment,
      pending: pendingFor({ kind: 'clear', includeUpstream: false, includeDownstream: true }),
      changed: changed(1),
      actorUserId: 'U1AB',
    });
    expect(message.text).toBe('<@U1AB> cleared 1 task instance.');
  });

  it('says nothing changed when Airflow changed nothing', () => {
    const message = actionResult({
      deployment,
      pending: pendingFor({ kind: 'set_state', newState: 'failed', includeUpstream: false, includeDownstream: false }),
      changed: [],
      actorUserId: 'U1AB',
    });
    expect(message.text).toBe('<@U1AB> confirmed *Mark failed*; nothing changed (already in that state).');
  });

  it('stays within limits with 60 changed task instances with long hostile ids', () => {
    const message = actionResult({
      deployment,
      pending: pendingFor({ kind: 'clear', includeUpstream: true, includeDownstream: true }),
      changed: changed(60, LONG_HOSTILE_ID),
      actorUserId: 'U1AB',
    });
    expect(checkSlackLimits(message)).toEqual([]);
    expect(allText(message.blocks)).toContain('…and 40 more');
    expect(allText(message.blocks)).not.toMatch(/<&/);
  });
});

describe('staleConfirm', () => {
  it('says the preview was already used and nothing more changed', () => {
    const message = staleConfirm({ pending: pendingFor({ kind: 'clear', includeUpstream: false, includeDownstream: false }) });
    expect(message.text).toBe('This preview was already confirmed or cancelled; nothing more changed.');
    expect(allText(message.blocks)).toBe(
      ':information_source: This preview was already confirmed or cancelled; nothing more changed. (`load`)',
    );
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('says an expired preview changed nothing and must be previewed again', () => {
    const message = staleConfirm({ pending: pendingFor({ kind: 'clear', includeUpstream: false, includeDownstream: false }), reason: 'expired' });
    expect(message.text).toBe('This preview has expired, so nothing was changed. Preview the action again.');
  });
});

describe('actionRefused', () => {
  it('shows the reason as written', () => {
    const message = actionRefused({ reason: 'You may not change task instances in *prod*.' });
    expect(message.text).toBe(':no_entry: Not done: You may not change task instances in *prod*.');
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('cuts a very long reason to fit', () => {
    expect(checkSlackLimits(actionRefused({ reason: 'r'.repeat(5000) }))).toEqual([]);
  });
});

describe('cancelled', () => {
  it('says nothing was changed, and by whom it was cancelled when known', () => {
    expect(cancelled().text).toBe('Cancelled. Nothing was changed.');
    const message = cancelled({ actorUserId: 'U024BE7LH' });
    expect(message.text).toBe('Cancelled by <@U024BE7LH>. Nothing was changed.');
    expect(allText(message.blocks)).toBe(':leftwards_arrow_with_hook: Cancelled by <@U024BE7LH>. Nothing was changed.');
    expect(checkSlackLimits(message)).toEqual([]);
  });
});
