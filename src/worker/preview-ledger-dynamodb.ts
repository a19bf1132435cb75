import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock, type Clock } from '../clock';
import { BotError } from '../errors';
import { isConditionalCheckFailure } from '../aws/conditional-check';
import { assertPreviewId, DEFAULT_PREVIEW_LEDGER_TTL_MS, type PreviewLedger } from './preview-ledger';

export interface DynamoDbPreviewLedgerOptions {
  client: DynamoDBDocumentClient;
  /** A table keyed by `previewId` (string partition key), with TTL on `expiresAt`. */
  tableName: string;
  clock?: Clock;
  /** When DynamoDB may delete a claim. Default: 24 hours. */
  ttlMs?: number;
}

/**
 * A ledger shared by every worker instance: one conditional `PutItem` per claim, so two clicks
 * handled at the same moment by two Lambdas still produce one `true`. DynamoDB's TTL removes old
 * claims (`expiresAt`, epoch seconds).
 *
 * @example
 * const ledger = createDynamoDbPreviewLedger({
 *   client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
 *   tableName: process.env.PREVIEW_LEDGER_TABLE,
 * });
 */
export function createDynamoDbPreviewLedger(options: DynamoDbPreviewLedgerOptions): PreviewLedger {
  const { client, tableName } = options;
  const clock = options.clock ?? systemClock;
  const ttlMs = options.ttlMs ?? DEFAULT_PREVIEW_LEDGER_TTL_MS;

  return {
    async claim(previewId) {
      assertPreviewId(previewId);
      const now = clock();
      const command = new PutCommand({
        TableName: tableName,
        Item: { previewId, claimedAt: new Date(now).toISOString(), expiresAt: Math.ceil((now + ttlMs) / 1000) },
        ConditionExpression: 'attribute_not_exists(previewId)',
      });
      try {
        await client.send(command);
        return true;
      } catch (error) {
        if (isConditionalCheckFailure(error)) return false;
        throw new BotError('unavailable', 'Could not record the confirmation, so nothing was changed. Try again in a moment.', {
          cause: error,
          details: { table: tableName },
        });
      }
    },
  };
}
