import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { BotError } from '../../src/errors';
import { createLambdaHandoff } from '../../src/handoff/lambda-handoff';
import { commandJob } from './fixtures';

const lambda = mockClient(LambdaClient);

describe('createLambdaHandoff with a client made on first use', () => {
  beforeEach(() => {
    lambda.reset();
  });

  it('makes the client on the first job only, and reuses it', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const made: LambdaClient[] = [];
    const handoff = createLambdaHandoff({
      client: () => {
        const client = new LambdaClient({ region: 'eu-west-1' });
        made.push(client);
        return client;
      },
      functionName: 'ops-bot-prod-worker',
    });
    expect(made).toHaveLength(0);
    await handoff.dispatch(commandJob());
    await handoff.dispatch(commandJob());
    expect(made).toHaveLength(1);
    expect(lambda).toReceiveCommandTimes(InvokeCommand, 2);
  });

  it('turns a client that cannot be made into an unavailable BotError, and tries again on the next job', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const cause = new Error('Region is missing');
    let attempts = 0;
    const handoff = createLambdaHandoff({
      client: () => {
        attempts += 1;
        if (attempts === 1) throw cause;
        return new LambdaClient({ region: 'eu-west-1' });
      },
      functionName: 'ops-bot-prod-worker',
    });
    const error = await handoff.dispatch(commandJob()).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(BotError);
    expect((error as BotError).kind).toBe('unavailable');
    expect((error as BotError).cause).toBe(cause);
    expect(lambda).toReceiveCommandTimes(InvokeCommand, 0);
    await handoff.dispatch(commandJob());
    expect(lambda).toReceiveCommandTimes(InvokeCommand, 1);
  });
});
