import { PutCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { systemClock, type Clock } from '../clock';
import { BotError } from '../errors';
import { AUDIT_BY_USER_INDEX, auditExpiry, auditSubject, DEFAULT_AUDIT_TTL_DAYS, type AuditRecord, type AuditTrail } from './audit-trail';

export interface DynamoDbAuditTrailOptions {
  client: DynamoDBDocumentClient;
  /**
   * A table keyed by `subject` (string partition key) and `sortKey` (string sort key), TTL on
   * `expiresAt`, with the global secondary index {@link AUDIT_BY_USER_INDEX} (`userId`, `sortKey`).
   */
  tableName: string;
  clock?: Clock;
  /** How long records are kept. Default: 400 days. */
  ttlDays?: number;
}

/** Records are read in pages of this many at most: the trail shows recent history, not all of it. */
const MAX_QUERY_LIMIT = 100;

/**
 * The audit trail in DynamoDB. Each record is one item written with a conditional `PutItem` that
 * refuses to replace an existing item, so a record is never overwritten; the code only ever puts
 * and queries (the IAM role allows nothing else). DynamoDB's TTL deletes records after `ttlDays`,
 * at its own pace, so reads leave out expired records themselves.
 *
 * @example
 * const trail = createDynamoDbAuditTrail({ client: DynamoDBDocumentClient.from(new DynamoDBClient({})), tableName: 'audit' });
 */
export function createDynamoDbAuditTrail(options: DynamoDbAuditTrailOptions): AuditTrail {
  const { client, tableName } = options;
  const clock = options.clock ?? systemClock;
  const ttlDays = options.ttlDays ?? DEFAULT_AUDIT_TTL_DAYS;

  async function query(input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ScanIndexForward'>, limit: number): Promise<AuditRecord[]> {
    const nowSeconds = clock() / 1000;
    let output;
    try {
      output = await client.send(
        new QueryCommand({ ...input, TableName: tableName, ScanIndexForward: false, Limit: Math.min(Math.max(1, limit), MAX_QUERY_LIMIT) }),
      );
    } catch (error) {
      throw new BotError('unavailable', 'Could not read the audit trail. Try again in a moment.', {
        cause: error,
        details: { table: tableName },
      });
    }
    return (output.Items ?? [])
      .filter((item) => typeof item.expiresAt === 'number' && item.expiresAt > nowSeconds)
      .map(toRecord);
  }

  return {
    async append(record) {
      const atMs = Date.parse(record.at);
      const item = {
        ...withoutUndefined(record),
        subject: auditSubject(record.deployment, record.target),
        // Time first so a query returns records in time order; the id keeps two records of one millisecond apart.
        sortKey: `${record.at}#${record.id}`,
        expiresAt: auditExpiry(atMs, ttlDays),
      };
      try {
        await client.send(
          new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(sortKey)' }),
        );
      } catch (error) {
        throw new BotError('unavailable', 'Could not write the audit trail. Try again in a moment.', {
          cause: error,
          details: { table: tableName },
        });
      }
    },

    recent(subject, limit) {
      return query({ KeyConditionExpression: 'subject = :key', ExpressionAttributeValues: { ':key': subject }, ConsistentRead: true }, limit);
    },

    // A global secondary index is eventually consistent: a record written a moment ago may be missing.
    recentByUser(userId, limit) {
      return query({ IndexName: AUDIT_BY_USER_INDEX, KeyConditionExpression: 'userId = :key', ExpressionAttributeValues: { ':key': userId } }, limit);
    },
  };
}

/** The table's own attributes, not part of a record. */
const TABLE_ATTRIBUTES = new Set(['subject', 'sortKey', 'expiresAt']);

function toRecord(item: Record<string, unknown>): AuditRecord {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !TABLE_ATTRIBUTES.has(name))) as unknown as AuditRecord;
}

/** DynamoDB refuses `undefined` attribute values; an absent field is simply left out. */
function withoutUndefined(record: AuditRecord): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
