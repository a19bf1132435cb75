import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock, type Clock } from '../clock';
import { BotError } from '../errors';
import type { Logger } from '../logging/logger';
import { isConditionalCheckFailure } from '../aws/conditional-check';
import type { NoteLease } from './note-lease';

/**
 * Note leases in DynamoDB (a table keyed by `leaseKey`, TTL on `expiresAt`): taken with a
 * conditional `PutItem` that succeeds only when no lease exists or the existing one has expired
 * (`leaseUntil`, epoch milliseconds, checked in the condition: DynamoDB's TTL deletes late), and
 * released with a `DeleteItem` conditional on the owner, so a writer never frees someone else's.
 *
 * @example
 * const lease = createDynamoDbNoteLease({ client, tableName: process.env.NOTE_LEASE_TABLE, logger });
 */
export function createDynamoDbNoteLease(options: {
  client: DynamoDBDocumentClient;
  tableName: string;
  logger: Logger;
  clock?: Clock;
}): NoteLease {
  const { client, tableName, logger } = options;
  const clock = options.clock ?? systemClock;
  return {
    async acquire(key, owner, ttlMs) {
      const now = clock();
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { leaseKey: key, owner, leaseUntil: now + ttlMs, expiresAt: Math.ceil((now + ttlMs) / 1000) + 3600 },
            ConditionExpression: 'attribute_not_exists(leaseKey) OR leaseUntil < :now',
            ExpressionAttributeValues: { ':now': now },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionalCheckFailure(error)) return false;
        throw new BotError('unavailable', 'Could not reach the note lock, so the note was not written. Try again in a moment.', {
          cause: error,
          details: { table: tableName },
        });
      }
    },
    async release(key, owner) {
      try {
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { leaseKey: key },
            ConditionExpression: '#owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':owner': owner },
          }),
        );
      } catch (error) {
        // Taken over after expiry, or the store is down: either way the lease ends on its own.
        if (!isConditionalCheckFailure(error)) logger.warn({ err: error, table: tableName }, 'could not release a note lease');
      }
    },
  };
}
