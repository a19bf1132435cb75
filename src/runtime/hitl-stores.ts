import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../clock';
import type { HitlMessageStore } from '../hitl-messages/hitl-message-store';
import { createDynamoDbHitlMessageStore } from '../hitl-messages/hitl-message-store-dynamodb';
import { createMemoryHitlMessageStore } from '../hitl-messages/hitl-message-store-memory';

/**
 * The human-in-the-loop records: in the alert table when one is configured (`ALERT_TABLE`: the
 * watcher that posts and the worker that records answers then share them), in memory otherwise
 * (one process, as the memory change stores).
 */
export function hitlMessageStoreFor(options: { alertTable: string | undefined; clock?: Clock; documents?: DynamoDBDocumentClient }): HitlMessageStore {
  const withClock = options.clock === undefined ? {} : { clock: options.clock };
  if (options.alertTable === undefined) return createMemoryHitlMessageStore(withClock);
  return createDynamoDbHitlMessageStore({
    client: options.documents ?? DynamoDBDocumentClient.from(new DynamoDBClient({})),
    tableName: options.alertTable,
    clock: options.clock ?? Date.now,
  });
}
