import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { BotError } from '../../src/errors';
import { ASYNC_PAYLOAD_MAX_BYTES, createLambdaHandoff } from '../../src/handoff/lambda-handoff';
import type { WorkerJob } from '../../src/protocol/job';
import { commandJob, noteJob } from './fixtures';

const lambda = mockClient(LambdaClient);
const handoff = createLambdaHandoff({ client: new LambdaClient({ region: 'eu-west-1' }), functionName: 'ops-bot-prod-worker' });

/** The bytes of a `{"kind":"note_submitted",…}` job with an empty note. */
const NOTE_JOB_OVERHEAD = new TextEncoder().encode(JSON.stringify(noteJob(0))).byteLength;

function sentPayload(): unknown {
  const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
  expect(input?.Payload).toBeInstanceOf(Uint8Array);
  return JSON.parse(new TextDecoder().decode(input?.Payload as Uint8Array));
}

async function rejection(promise: Promise<unknown>): Promise<BotError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BotError);
  return error as BotError;
}

describe('createLambdaHandoff', () => {
  beforeEach(() => {
    lambda.reset();
  });

  it('invokes the worker asynchronously with the job as JSON', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const job = commandJob();
    await handoff.dispatch(job);
    expect(lambda).toReceiveCommandTimes(InvokeCommand, 1);
    expect(lambda).toReceiveCommandWith(InvokeCommand, { FunctionName: 'ops-bot-prod-worker', InvocationType: 'Event' });
    expect(sentPayload()).toEqual(job);
  });

  it('sends a date in a command as its ISO string', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const job: WorkerJob = {
      kind: 'command',
      command: {
        name: 'logs',
        share: true,
        target: { dagId: 'daily_sales', run: { kind: 'date', date: new Date('2026-11-22T00:00:00Z') }, taskId: 'load', mapIndex: 3 },
      },
      slack: { userId: 'U1', isEphemeral: false },
    };
    await handoff.dispatch(job);
    expect(sentPayload()).toEqual({
      kind: 'command',
      command: {
        name: 'logs',
        share: true,
        target: { dagId: 'daily_sales', run: { kind: 'date', date: '2026-11-22T00:00:00.000Z' }, taskId: 'load', mapIndex: 3 },
      },
      slack: { userId: 'U1', isEphemeral: false },
    });
  });

  it('sends a job of exactly the size limit', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    await handoff.dispatch(noteJob(ASYNC_PAYLOAD_MAX_BYTES - NOTE_JOB_OVERHEAD));
    const payload = lambda.commandCalls(InvokeCommand)[0]?.args[0].input.Payload;
    expect(payload).toBeInstanceOf(Uint8Array);
    expect((payload as Uint8Array).byteLength).toBe(262_144);
  });

  it('refuses a job over the size limit with a clear error and sends nothing', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const error = await rejection(handoff.dispatch(noteJob(300 * 1024)));
    expect(error.kind).toBe('invalid');
    expect(error.userMessage).toBe(
      `This request is too large to hand to the worker (${((300 * 1024 + NOTE_JOB_OVERHEAD) / 1024).toFixed(1)} KB; the limit is 256 KB). Nothing was changed.`,
    );
    expect(error.details).toEqual({ job: 'note_submitted', bytes: 300 * 1024 + NOTE_JOB_OVERHEAD, maxBytes: 262_144 });
    expect(lambda).toReceiveCommandTimes(InvokeCommand, 0);
  });

  it('counts the limit in UTF-8 bytes, not characters', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const job = noteJob(0);
    if (job.kind !== 'note_submitted') throw new Error('fixture changed');
    job.note = '€'.repeat(100_000);
    const error = await rejection(handoff.dispatch(job));
    expect(error.details.bytes).toBe(300_000 + NOTE_JOB_OVERHEAD);
    expect(lambda).toReceiveCommandTimes(InvokeCommand, 0);
  });

  it('turns an SDK failure into an unavailable BotError with the cause', async () => {
    const cause = Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    lambda.on(InvokeCommand).rejects(cause);
    const error = await rejection(handoff.dispatch(commandJob()));
    expect(error.kind).toBe('unavailable');
    expect(error.userMessage).toBe('Could not hand the request to the worker');
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ functionName: 'ops-bot-prod-worker', job: 'command' });
  });

  it('turns a status other than 2xx into an unavailable BotError', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 500 });
    const error = await rejection(handoff.dispatch(commandJob()));
    expect(error.kind).toBe('unavailable');
    expect(error.userMessage).toBe('Could not hand the request to the worker');
    expect(error.details).toEqual({ functionName: 'ops-bot-prod-worker', job: 'command', statusCode: 500 });
  });
});
