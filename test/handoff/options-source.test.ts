import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { BotError } from '../../src/errors';
import { createLambdaOptionsSource } from '../../src/handoff/lambda-options-source';
import { createInProcessOptionsSource } from '../../src/handoff/options-source';
import type { OptionsRequest } from '../../src/protocol/builder';

const lambda = mockClient(LambdaClient);
const source = createLambdaOptionsSource({ client: new LambdaClient({ region: 'eu-west-1' }), functionName: 'ops-bot-prod-worker' });
const REQUEST: OptionsRequest = { kind: 'options', query: { kind: 'dags', deployment: 'prod' }, requester: { userId: 'U1', teamId: 'T1' } };
const ANSWER = { kind: 'dags', dags: [{ dagId: 'etl_daily', isPaused: false }] };
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

async function rejection(promise: Promise<unknown>): Promise<BotError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BotError);
  return error as BotError;
}

describe('createLambdaOptionsSource', () => {
  beforeEach(() => lambda.reset());

  it('asks the worker with a synchronous invocation and returns its checked answer', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: bytes(ANSWER) as never });

    const answer = await source.ask(REQUEST);

    expect(answer).toEqual(ANSWER);
    expect(lambda).toReceiveCommandWith(InvokeCommand, { FunctionName: 'ops-bot-prod-worker', InvocationType: 'RequestResponse' });
    const sent = lambda.commandCalls(InvokeCommand)[0]?.args[0].input.Payload as Uint8Array;
    expect(JSON.parse(new TextDecoder().decode(sent))).toEqual(REQUEST);
  });

  it('says the worker failed when Lambda reports a function error', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: bytes({ errorMessage: 'boom' }) as never });

    const error = await rejection(source.ask(REQUEST));

    expect([error.kind, error.userMessage]).toEqual(['unavailable', 'The worker failed to list the options']);
  });

  it('refuses an answer that is not an OptionsAnswer', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: bytes({ kind: 'dags', dags: [{ id: 'x' }] }) as never });

    const error = await rejection(source.ask(REQUEST));

    expect([error.kind, error.userMessage]).toEqual(['unavailable', 'The worker answered the options request with something else.']);
  });

  it('says the worker could not be asked when Lambda refuses the call', async () => {
    lambda.on(InvokeCommand).rejects(new Error('AccessDeniedException'));

    const error = await rejection(source.ask(REQUEST));

    expect([error.kind, error.userMessage]).toEqual(['unavailable', 'Could not ask the worker for options']);
  });
});

describe('createInProcessOptionsSource', () => {
  it('passes the request through JSON and checks the answer', async () => {
    const seen: unknown[] = [];
    const inProcess = createInProcessOptionsSource(async (request) => {
      seen.push(request);
      return ANSWER;
    });

    expect(await inProcess.ask(REQUEST)).toEqual(ANSWER);
    expect(seen).toEqual([REQUEST]);
    expect(seen[0]).not.toBe(REQUEST);
  });

  it('gives up when the signal aborts first', async () => {
    const never = createInProcessOptionsSource(() => new Promise(() => undefined));

    const error = await rejection(never.ask(REQUEST, AbortSignal.timeout(20)));

    expect(error.userMessage).toBe('The worker did not answer the options request in time.');
  });
});
