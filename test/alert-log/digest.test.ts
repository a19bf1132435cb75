import type { AlertDocView, AlertRecord } from '../../src/alert-log/alert-record';
import { buildDigest, channelDeployments, loadDigest, type DigestSnooze } from '../../src/alert-log/digest';
import { parseDeployments } from '../../src/config/parse-deployments';
import { createMemorySnoozeStore } from '../../src/snoozes/snooze-store';
import { checkSlackLimits } from '../../src/views/limits';
import { digestMessage } from '../../src/views/digest-message';

const NOW = Date.parse('2026-11-23T09:00:00.000Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

function record(runId: string, doc: Partial<AlertDocView>): AlertRecord {
  return {
    pk: `alert#${runId}`,
    ts: '1.1',
    doc: {
      key: { deployment: 'prod', dagId: 'etl_daily', runId },
      channel: 'C1',
      deploymentDisplay: 'Production',
      createdAt: NOW - HOUR,
      tasks: [{ taskId: 'load', mapIndex: -1, state: 'failed' }],
      ...doc,
    },
  };
}

/** A day of one channel: two recoveries (a retry; a clear and a webhook), one open acknowledged, one open with snoozes, one from yesterday. */
const SEEDED: AlertRecord[] = [
  record('retried', { createdAt: NOW - 5 * HOUR, resolvedAt: NOW - 5 * HOUR + 14 * MIN, tasks: [{ taskId: 'load', mapIndex: -1, state: 'success', fixedBy: 'a retry' }] }),
  record('cleared', {
    createdAt: NOW - 3 * HOUR,
    resolvedAt: NOW - 2 * HOUR,
    tasks: [
      { taskId: 'load', mapIndex: -1, state: 'success', fixedBy: '<@U0CLEARER> (cleared)' },
      { taskId: 'check', mapIndex: -1, state: 'success', fixedBy: 'source:dq-monitor (marked success)' },
    ],
    acknowledgements: [{ userId: 'U0CLEARER', at: NOW - 170 * MIN }],
  }),
  record('open-acked', { createdAt: NOW - 2 * HOUR, acknowledgements: [{ userId: 'U0ONCALL', at: NOW - 100 * MIN }] }),
  record('open-snoozed', { createdAt: NOW - 30 * MIN, snoozedFailures: 3 }),
  record('yesterday', { createdAt: NOW - 30 * HOUR, resolvedAt: NOW - 29 * HOUR }),
  record('other-channel', { channel: 'C2' }),
];

describe('the digest', () => {
  it('counts the runs that failed, recovered, are open, acknowledged and snoozed in the last 24 hours', () => {
    const digest = buildDigest(SEEDED, { channel: 'C1', now: NOW });

    expect(digest.failedCount).toBe(4);
    expect(digest.recovered.map((run) => run.runId)).toEqual(['cleared', 'retried']);
    expect(digest.open.map((run) => run.runId)).toEqual(['open-acked', 'open-snoozed']);
    expect(digest.acknowledgedCount).toBe(2);
    expect(digest.snoozedFailures).toBe(3);
    expect(digest.recovered[0]!.fixedBy).toEqual(['<@U0CLEARER> (cleared)', 'source:dq-monitor (marked success)']);
  });

  it('shows who or what fixed each recovered run, how long it took, what is still open and the snoozed count', () => {
    const message = digestMessage(buildDigest(SEEDED, { channel: 'C1', now: NOW }));
    const text = message.blocks.map((block) => JSON.stringify(block)).join('\n');

    expect(message.text).toBe(
      'Airflow digest: 4 runs failed · 2 recovered (median time to resolve 37m 00s) · 2 still open · 2 acknowledged · 3 failures snoozed',
    );
    expect(text).toContain('*Production* · `etl_daily` · `retried`: resolved in 14m 00s by a retry');
    expect(text).toContain(
      '*Production* · `etl_daily` · `cleared`: resolved in 1h 00m by <@U0CLEARER> (cleared), source:dq-monitor (marked success), acknowledged by <@U0CLEARER>',
    );
    expect(text).toContain('`open-acked`: open for 2h 00m, 1 task instance failing, acknowledged by <@U0ONCALL>');
    expect(text).toContain('`open-snoozed`: open for 30m 00s, 1 task instance failing, not acknowledged, 3 snoozed');
    expect(text).not.toContain('yesterday');
    expect(text).not.toContain('other-channel');
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('lists what was snoozed with the runs held back, and counts those in the summary', () => {
    const snoozes: DigestSnooze[] = [
      { deployment: 'prod', deploymentDisplay: 'Production', dagId: 'flaky_hourly', until: NOW - 2 * HOUR, heldBack: 1 },
      { deployment: 'prod', deploymentDisplay: 'Production', dagId: 'etl_daily', until: NOW + HOUR, heldBack: 2 },
    ];
    const message = digestMessage(buildDigest(SEEDED, { channel: 'C1', now: NOW, snoozes }));
    const text = message.blocks.map((block) => JSON.stringify(block)).join('\n');

    expect(message.text).toContain('2 acknowledged · 3 failures snoozed');
    expect(text).toContain('*Snoozed*');
    expect(text).toContain('*Production* · `flaky_hourly` ended 2026-11-23 07:00:00 UTC, 1 run held back');
    expect(text).toContain('*Production* · `etl_daily` until 2026-11-23 10:00:00 UTC, 2 runs held back');
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('reads the snoozes of the channel\'s readable deployments that held in the window, from the snooze store', async () => {
    const registry = parseDeployments(
      {
        deployments: [
          { name: 'prod', displayName: 'Production', apiUrl: 'https://prod.example.com', dialect: 'v2', auth: 'basic', secretId: 'prod', defaultChannels: ['C0CHAN0001'] },
          { name: 'routed', displayName: 'Routed', apiUrl: 'https://routed.example.com', dialect: 'v2', auth: 'basic', secretId: 'routed', alertRoutes: [{ dags: '*', channel: 'C0CHAN0001' }] },
          { name: 'secret', displayName: 'Secret', apiUrl: 'https://secret.example.com', dialect: 'v2', auth: 'basic', secretId: 'secret', alertRoutes: [{ dags: '*', channel: 'C0CHAN0001' }] },
          { name: 'elsewhere', displayName: 'Elsewhere', apiUrl: 'https://elsewhere.example.com', dialect: 'v2', auth: 'basic', secretId: 'elsewhere', defaultChannels: ['C0CHAN0002'] },
        ],
      },
      'test',
    );
    expect(channelDeployments(registry, 'C0CHAN0001').map((d) => d.name)).toEqual(['prod', 'routed', 'secret']);
    let now = NOW - 30 * HOUR;
    const store = createMemorySnoozeStore(() => now);
    const snooze = async (deployment: string, dagId: string, until: number, runs: string[]) => {
      await store.put({ deployment, dagId, until, at: now, by: 'U1' });
      for (const run of runs) await store.hold(deployment, dagId, run);
    };
    await snooze('prod', 'ended_long_ago', NOW - 25 * HOUR, ['r0']);
    now = NOW - 3 * HOUR;
    await snooze('prod', 'flaky_hourly', NOW - 2 * HOUR, ['r1', 'r2']);
    await snooze('routed', 'etl_daily', NOW + HOUR, ['r3']);
    await snooze('secret', 'hidden', NOW + HOUR, ['r4']);
    await snooze('elsewhere', 'other', NOW + HOUR, ['r5']);
    now = NOW;
    const log = { listChannel: async () => ({ pks: [], notListed: 0 }), read: async () => [] };

    const digest = await loadDigest(log, 'C0CHAN0001', NOW, (deployment) => deployment !== 'secret', { store, registry });

    expect(digest.snoozes).toEqual([
      { deployment: 'prod', deploymentDisplay: 'Production', dagId: 'flaky_hourly', until: NOW - 2 * HOUR, heldBack: 2 },
      { deployment: 'routed', deploymentDisplay: 'Routed', dagId: 'etl_daily', until: NOW + HOUR, heldBack: 1 },
    ]);
    expect(digest.snoozedFailures).toBe(3);
    expect(JSON.stringify(digestMessage(digest).blocks)).not.toContain('No alerts in the last 24 hours');
  });

  it('says so when the channel had no alerts', () => {
    const message = digestMessage(buildDigest([], { channel: 'C1', now: NOW }));
    expect(JSON.stringify(message.blocks)).toContain('No alerts in the last 24 hours.');
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('stays within Block Kit limits with 200 runs of the longest ids, folding the rest into "…and N more"', () => {
    const long = (prefix: string, index: number) => `${prefix}_${index}_${'x'.repeat(240)}`;
    const runs = Array.from({ length: 200 }, (_, index) =>
      record(long('run', index), {
        key: { deployment: 'prod', dagId: long('dag', index), runId: long('run', index) },
        deploymentDisplay: 'D'.repeat(80),
        createdAt: NOW - (index + 1) * MIN,
        ...(index % 2 === 0
          ? { resolvedAt: NOW, tasks: Array.from({ length: 50 }, (_, task) => ({ taskId: `t${task}`, mapIndex: -1, state: 'success' as const, fixedBy: `<@U0USER${task}> (cleared)` })) }
          : { acknowledgements: Array.from({ length: 20 }, (_, user) => ({ userId: `U0ACK${user}`, at: NOW })) }),
      }),
    );
    const snoozes = Array.from({ length: 200 }, (_, index) => ({ deployment: 'prod', deploymentDisplay: 'D'.repeat(80), dagId: long('dag', index), until: NOW + HOUR, heldBack: index }));
    const message = digestMessage(buildDigest(runs, { channel: 'C1', now: NOW, notListed: 17, snoozes }));

    expect(checkSlackLimits(message)).toEqual([]);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('…and 70 more');
    expect(text).toContain('…and 170 more');
    expect(text).toContain('17 more alerts were posted than the digest can follow');
    expect(message.text).toContain('200 runs failed · 100 recovered');
  });
});
