import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../local/local-dynamodb';

export { BOT_TABLES } from '../../local/local-dynamodb';

/**
 * The bot's tables in an in-process DynamoDB engine (dynalite) for one test file: start it in
 * `beforeAll`, close it in `afterAll`. Tests keep apart by using their own keys.
 */
export function useLocalDynamoDb(): { readonly engine: LocalDynamoDb; readonly documents: DynamoDBDocumentClient } {
  let engine: LocalDynamoDb | undefined;
  beforeAll(async () => {
    engine = await startLocalDynamoDb();
  });
  afterAll(async () => {
    await engine?.close();
  });
  return {
    get engine() {
      if (!engine) throw new Error('the local DynamoDB is not started yet');
      return engine;
    },
    get documents() {
      if (!engine) throw new Error('the local DynamoDB is not started yet');
      return engine.documents;
    },
  };
}
