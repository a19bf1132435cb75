import { builderModal, dagOptions, runOptions, taskOptions } from '../../src/views/builder-modal';
import { checkSlackLimits } from '../../src/views/limits';

const long = (prefix: string, length: number) => prefix + 'x'.repeat(length - prefix.length);

describe('builderModal', () => {
  it('stays within Block Kit’s limits with 100 deployments of long display names', () => {
    const deployments = Array.from({ length: 120 }, (_, i) => ({ name: `d${i}`, displayName: long(`Deployment ${i} `, 200) }));

    const view = builderModal({ deployments, initialDeployment: 'd3', privateMetadata: '{}' });

    expect(checkSlackLimits(view)).toEqual([]);
    const select = view.blocks[1] as { element: { options: unknown[]; initial_option: { value: string } } };
    expect(select.element.options).toHaveLength(100);
    expect(select.element.initial_option.value).toBe('d3');
  });

  it('refuses private metadata longer than Slack takes', () => {
    expect(() => builderModal({ deployments: [], privateMetadata: 'x'.repeat(3001) })).toThrow(
      'The builder could not be opened: its hidden data is too long for Slack.',
    );
  });
});

describe('dagOptions', () => {
  it('matches anywhere in the id in any case, ids starting with the text first, and marks paused DAGs', () => {
    const dags = [
      { dagId: 'daily_etl', isPaused: false },
      { dagId: 'ETL_hourly', isPaused: true },
      { dagId: 'reports', isPaused: false },
      { dagId: 'etl_daily', isPaused: null },
    ];

    expect(dagOptions(dags, ' etl ').map((o) => [o.text.text, o.value])).toEqual([
      ['ETL_hourly  (paused)', 'ETL_hourly'],
      ['etl_daily', 'etl_daily'],
      ['daily_etl', 'daily_etl'],
    ]);
  });

  it('leaves out ids longer than an option value may be, and cuts long texts at 75 characters', () => {
    const dags = [{ dagId: long('a_', 151), isPaused: false }, { dagId: long('b_', 150), isPaused: true }];

    const options = dagOptions(dags, '');

    expect(options.map((o) => o.value)).toEqual([long('b_', 150)]);
    expect(options[0]!.text.text).toHaveLength(75);
  });

  it('says so when nothing matches, with a value no submission accepts', () => {
    expect(dagOptions([{ dagId: 'etl', isPaused: false }], 'zzz')).toEqual([
      { text: { type: 'plain_text', emoji: true, text: 'No DAG id holds "zzz"' }, value: '~none' },
    ]);
  });
});

describe('runOptions and taskOptions', () => {
  it('puts latest first unless the typed text rules it out', () => {
    const runs = [{ runId: 'manual__1', state: 'running' as const, logicalDate: null }];

    expect(runOptions(runs, '').map((o) => o.value)).toEqual(['latest', 'manual__1']);
    expect(runOptions(runs, 'manual').map((o) => o.text.text)).toEqual(['manual__1 · running']);
  });

  it('lists at most 100 task instances, the last saying how many more', () => {
    const tasks = Array.from({ length: 150 }, (_, i) => ({ taskId: 'shard', mapIndex: i, state: null }));

    const options = taskOptions(tasks, '');

    expect(options).toHaveLength(100);
    expect(options[0]).toEqual({ text: { type: 'plain_text', emoji: true, text: 'shard [0] · no state' }, value: 'shard:0' });
    expect(options[99]).toEqual({ text: { type: 'plain_text', emoji: true, text: '…51 more: type more of the task id' }, value: '~type_more' });
  });
});
