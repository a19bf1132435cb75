import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { BotError } from '../../src/errors';
import { createDynamoDbPreviewLedger } from '../../src/worker/preview-ledger-dynamodb';

const NOW = Date.UTC(2026, 10, 23, 9, 0, 0, 500);
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
const dynamo = mockClient(DynamoDBDocumentClient);

function ledger(ttlMs?: number) {
  return createDynamoDbPreviewLedger({ client: documentClient, tableName: 'ops-bot-preview-ledger', clock: () => NOW, ttlMs });
}

function conditionFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

async function rejection(promise: Promise<unknown>): Promise<BotError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BotError);
  return error as BotError;
}

describe('createDynamoDbPreviewLedger', () => {
  beforeEach(() => {
    dynamo.reset();
  });

  it('claims with a conditional put carrying the id and an epoch-seconds expiry', async () => {
    dynamo.on(PutCommand).resolves({});
    await expect(ledger().claim('p1')).resolves.toBe(true);
    expect(dynamo).toReceiveCommandTimes(PutCommand, 1);
    expect(dynamo).toReceiveCommandWith(PutCommand, {
      TableName: 'ops-bot-preview-ledger',
      Item: { previewId: 'p1', claimedAt: '2026-11-23T09:00:00.500Z', expiresAt: Math.ceil(NOW / 1000) + 24 * 60 * 60 },
      ConditionExpression: 'attribute_not_exists(previewId)',
    });
  });

  it('sets the expiry from the TTL it is given', async () => {
    dynamo.on(PutCommand).resolves({});
    await ledger(60_000).claim('p1');
    const input = dynamo.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input?.Item).toEqual({ previewId: 'p1', claimedAt: '2026-11-23T09:00:00.500Z', expiresAt: Math.ceil((NOW + 60_000) / 1000) });
  });

  it('answers false when the id was already claimed', async () => {
    dynamo.on(PutCommand).rejects(conditionFailed());
    await expect(ledger().claim('p1')).resolves.toBe(false);
  });

  it('answers true once and false afterwards against a table that keeps its items', async () => {
    const claimed = new Set<string>();
    dynamo.on(PutCommand).callsFake((input: { Item: { previewId: string } }) => {
      if (claimed.has(input.Item.previewId)) throw conditionFailed();
      claimed.add(input.Item.previewId);
      return {};
    });
    const shared = ledger();
    await expect(shared.claim('p1')).resolves.toBe(true);
    await expect(shared.claim('p1')).resolves.toBe(false);
    await expect(shared.claim('p2')).resolves.toBe(true);
  });

  it('turns any other DynamoDB failure into an unavailable BotError with the cause', async () => {
    const cause = Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
      name: 'ProvisionedThroughputExceededException',
    });
    dynamo.on(PutCommand).rejects(cause);
    const error = await rejection(ledger().claim('p1'));
    expect(error.kind).toBe('unavailable');
    expect(error.userMessage).toBe('Could not record the confirmation, so nothing was changed. Try again in a moment.');
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ table: 'ops-bot-preview-ledger' });
  });

  it('refuses a malformed id without calling DynamoDB', async () => {
    const error = await rejection(ledger().claim(''));
    expect(error.kind).toBe('invalid');
    expect(dynamo).toReceiveCommandTimes(PutCommand, 0);
  });
});
