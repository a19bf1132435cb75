import { createInProcessHandoff } from '../../src/handoff/in-process-handoff';
import type { WorkerJob } from '../../src/protocol/job';
import { collectingLogger } from '../audit/collecting-logger';
import { commandJob } from './fixtures';

/** A promise with its resolve handle, to hold a job open until the test lets it finish. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('createInProcessHandoff', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });

  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it('returns from dispatch while the job is still running, and drain waits for it', async () => {
    const { logger } = collectingLogger();
    const events: string[] = [];
    const { opened, open } = gate();
    const handoff = createInProcessHandoff({
      logger,
      run: async () => {
        events.push('started');
        await opened;
        events.push('finished');
      },
    });

    await handoff.dispatch(commandJob());
    events.push('dispatched');

    const drained = handoff.drain().then(() => events.push('drained'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.sort()).toEqual(['dispatched', 'started']);

    open();
    await drained;
    expect(events).toEqual(['dispatched', 'started', 'finished', 'drained']);
  });

  it('hands the job over as it would arrive through Lambda', async () => {
    const { logger } = collectingLogger();
    const received: WorkerJob[] = [];
    const handoff = createInProcessHandoff({ logger, run: async (job) => void received.push(job) });
    const job: WorkerJob = {
      kind: 'command',
      command: {
        name: 'ti',
        share: false,
        target: { dagId: 'd', run: { kind: 'date', date: new Date('2026-11-22T00:00:00Z') }, taskId: 't', mapIndex: -1 },
      },
      slack: { userId: 'U1', userName: undefined, isEphemeral: true },
    };
    await handoff.dispatch(job);
    job.slack.userId = 'U_CHANGED_AFTER';
    await handoff.drain();
    expect(received).toEqual([
      {
        kind: 'command',
        command: { name: 'ti', share: false, target: { dagId: 'd', run: { kind: 'date', date: '2026-11-22T00:00:00.000Z' }, taskId: 't', mapIndex: -1 } },
        slack: { userId: 'U1', isEphemeral: true },
      },
    ]);
  });

  it('waits for every job dispatched, including those dispatched while it drains', async () => {
    const { logger } = collectingLogger();
    const finished: string[] = [];
    const handoff = createInProcessHandoff({
      logger,
      run: async (job) => {
        await new Promise((resolve) => setImmediate(resolve));
        finished.push(job.slack.userId);
        if (job.slack.userId === 'U1') await handoff.dispatch(commandJob({ userId: 'U_FOLLOW_UP' }));
      },
    });
    await handoff.dispatch(commandJob({ userId: 'U1' }));
    await handoff.dispatch(commandJob({ userId: 'U2' }));
    await handoff.drain();
    expect(finished.sort()).toEqual(['U1', 'U2', 'U_FOLLOW_UP']);
  });

  it('resolves drain at once when nothing was dispatched', async () => {
    const { logger } = collectingLogger();
    const handoff = createInProcessHandoff({ logger, run: async () => {} });
    await expect(handoff.drain()).resolves.toBeUndefined();
  });

  it('logs a failing job with its kind only and raises no unhandled rejection', async () => {
    const { logger, lines } = collectingLogger();
    const handoff = createInProcessHandoff({
      logger,
      run: async () => {
        throw new Error('Airflow exploded');
      },
    });
    await handoff.dispatch(commandJob());
    await handoff.drain();
    await new Promise((resolve) => setImmediate(resolve));

    expect(unhandled).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', job: 'command', msg: 'a background job failed' });
    expect((lines[0]?.err as { message: string }).message).toBe('Airflow exploded');
    expect(JSON.stringify(lines)).not.toContain('hooks.slack.com');
  });

  it('keeps a run that throws synchronously in the background', async () => {
    const { logger, lines } = collectingLogger();
    const run = (() => {
      throw new Error('thrown before any await');
    }) as unknown as (job: WorkerJob) => Promise<void>;
    const handoff = createInProcessHandoff({ logger, run });
    await expect(handoff.dispatch(commandJob())).resolves.toBeUndefined();
    await handoff.drain();
    expect(unhandled).toEqual([]);
    expect(lines.map((line) => line.msg)).toEqual(['a background job failed']);
  });

  it('keeps running later jobs after one fails', async () => {
    const { logger } = collectingLogger();
    const done: string[] = [];
    const handoff = createInProcessHandoff({
      logger,
      run: async (job) => {
        if (job.slack.userId === 'U_BAD') throw new Error('bad');
        done.push(job.slack.userId);
      },
    });
    await handoff.dispatch(commandJob({ userId: 'U_BAD' }));
    await handoff.dispatch(commandJob({ userId: 'U_GOOD' }));
    await handoff.drain();
    expect(done).toEqual(['U_GOOD']);
  });
});
