import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbAuditTrail } from '../audit/audit-trail-dynamodb';
import { createMemoryAuditTrail } from '../audit/audit-trail-memory';
import type { AuditTrail } from '../audit/audit-trail';
import { createMemoryNoteLease, type NoteLease } from '../changes/note-lease';
import { createDynamoDbNoteLease } from '../changes/note-lease-dynamodb';
import type { Clock } from '../clock';
import type { AppConfig } from '../config/app-config';
import { createDynamoDbRunOnce } from '../idempotency/run-once-dynamodb';
import { createMemoryRunOnce, type RunOnce } from '../idempotency/run-once';
import type { Logger } from '../logging/logger';

/** The stores the change service writes: the audit trail, the task instances' leases, the idempotency records. */
export interface ChangeStores {
  audit: AuditTrail;
  noteLease: NoteLease;
  once: RunOnce;
}

/**
 * DynamoDB for each store whose table is configured (in AWS, where containers come and go, and in
 * the local stack); memory otherwise. The SDK finds its endpoint, region and credentials as usual
 * (`AWS_ENDPOINT_URL_DYNAMODB` points it at a local engine). Every function that applies changes
 * (the Slack worker, the webhook actions) builds its stores here, so they share the same tables.
 */
export function changeStoresFor(options: { config: AppConfig; logger: Logger; clock?: Clock; dynamoDb?: DynamoDBClient }): ChangeStores {
  const { config, logger, clock } = options;
  let raw = options.dynamoDb;
  let documents: DynamoDBDocumentClient | undefined;
  const dynamo = (): DynamoDBClient => (raw ??= new DynamoDBClient({}));
  const docs = (): DynamoDBDocumentClient => (documents ??= DynamoDBDocumentClient.from(dynamo()));
  const withClock = clock === undefined ? {} : { clock };
  return {
    audit:
      config.auditTable === undefined
        ? createMemoryAuditTrail({ ...withClock, ttlDays: config.auditTtlDays })
        : createDynamoDbAuditTrail({ client: docs(), tableName: config.auditTable, ttlDays: config.auditTtlDays, ...withClock }),
    noteLease:
      config.noteLeaseTable === undefined
        ? createMemoryNoteLease(clock)
        : createDynamoDbNoteLease({ client: docs(), tableName: config.noteLeaseTable, logger, ...withClock }),
    once:
      config.idempotencyTable === undefined
        ? createMemoryRunOnce(withClock)
        : createDynamoDbRunOnce({ client: dynamo(), tableName: config.idempotencyTable, logger }),
  };
}
