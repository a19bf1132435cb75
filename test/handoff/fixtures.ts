import type { WorkerJob } from '../../src/protocol/job';

/** A `ti` command job as the Slack-facing function would hand it over. */
export function commandJob(overrides: Partial<Extract<WorkerJob, { kind: 'command' }>['slack']> = {}): WorkerJob {
  return {
    kind: 'command',
    command: {
      name: 'ti',
      share: false,
      target: { deployment: 'prod', dagId: 'daily_sales', run: { kind: 'id', runId: 'manual__1' }, taskId: 'load', mapIndex: -1 },
    },
    slack: {
      userId: 'U1',
      userName: 'alice',
      channelId: 'C1',
      responseUrl: 'https://hooks.slack.com/commands/T1/1/abc',
      isEphemeral: true,
      ...overrides,
    },
  };
}

/** A note job whose note is `size` characters long, to test payload limits. */
export function noteJob(size: number): WorkerJob {
  return {
    kind: 'note_submitted',
    address: { deployment: 'prod', dagId: 'daily_sales', runId: 'manual__1', taskId: 'load', mapIndex: -1 },
    note: 'n'.repeat(size),
    slack: { userId: 'U1', isEphemeral: false },
  };
}
