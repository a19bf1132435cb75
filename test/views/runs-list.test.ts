import type { DagRun } from '../../src/airflow/model';
import { checkSlackLimits } from '../../src/views/limits';
import { runsList } from '../../src/views/runs-list';
import { allText, deployment, LONG_HOSTILE_ID, NOW, sections } from './fixtures';

function makeRun(overrides: Partial<DagRun> = {}): DagRun {
  return {
    dagId: 'etl_daily',
    runId: 'scheduled__2024-04-30T00:00:00+00:00',
    state: 'success',
    logicalDate: '2024-04-30T00:00:00+00:00',
    runAfter: '2024-05-01T00:00:00+00:00',
    startDate: '2024-05-01T00:00:05+00:00',
    endDate: '2024-05-01T00:03:05+00:00',
    runType: 'scheduled',
    note: null,
    ...overrides,
  };
}

describe('runsList', () => {
  it('shows each run with its state emoji, id, logical date, start and duration', () => {
    const message = runsList({
      deployment,
      dagId: 'etl_daily',
      runs: [makeRun({ runId: 'manual__1', state: 'running', endDate: null, startDate: '2024-05-01T00:09:00Z', runType: 'manual' }), makeRun()],
      now: new Date(NOW),
    });
    expect(message.text).toBe('2 runs of etl_daily in Demo (Airflow 3)');
    expect(sections(message.blocks).map((block) => block.text?.text)).toEqual([
      ':arrows_counterclockwise: `manual__1` · *running* · manual\n' +
        'Logical date <!date^1714435200^{date_short_pretty} {time_secs}|2024-04-30 00:00:00 UTC> · started <!date^1714522140^{date_short_pretty} {time_secs}|2024-05-01 00:09:00 UTC> · 1m 00s so far\n' +
        '\n' +
        ':white_check_mark: `scheduled__2024-04-30T00:00:00+00:00` · *success* · scheduled\n' +
        'Logical date <!date^1714435200^{date_short_pretty} {time_secs}|2024-04-30 00:00:00 UTC> · started <!date^1714521605^{date_short_pretty} {time_secs}|2024-05-01 00:00:05 UTC> · 3m 00s\n',
    ]);
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('takes now as milliseconds too', () => {
    const run = makeRun({ state: 'queued', endDate: null, startDate: '2024-05-01T00:09:30Z', logicalDate: null, runType: null });
    expect(allText(runsList({ deployment, dagId: 'd', runs: [run], now: NOW }).blocks)).toContain(
      ':hourglass_flowing_sand: `scheduled__2024-04-30T00:00:00+00:00` · *queued*\nLogical date — · started',
    );
  });

  it('stays within Slack limits with 500 runs of 250-character hostile ids, counting those left out', () => {
    const runs = Array.from({ length: 500 }, () => makeRun({ runId: LONG_HOSTILE_ID, runType: '<&>' }));
    const message = runsList({ deployment, dagId: LONG_HOSTILE_ID, runs, now: NOW });
    expect(checkSlackLimits(message)).toEqual([]);
    expect(message.blocks).toHaveLength(50);
    const shown = sections(message.blocks).reduce((sum, block) => sum + (block.text?.text.match(/:white_check_mark:/g) ?? []).length, 0);
    expect(allText(message.blocks)).toContain(`…and ${500 - shown} more`);
    expect(allText(message.blocks.slice(1))).not.toMatch(/<&|<!channel/);
  });

  it('says so when there are no runs', () => {
    expect(allText(runsList({ deployment, dagId: 'etl', runs: [], now: NOW }).blocks)).toContain('No runs found.');
  });
});
