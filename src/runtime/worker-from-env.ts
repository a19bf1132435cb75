import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbAuditTrail } from '../audit/audit-trail-dynamodb';
import { createMemoryAuditTrail } from '../audit/audit-trail-memory';
import { createMemoryNoteLease } from '../changes/note-lease';
import { createDynamoDbNoteLease } from '../changes/note-lease-dynamodb';
import { createMemoryPreviewLedger } from '../worker/preview-ledger';
import { alertsConfigured, loadAlertConfig } from '../alerts/alert-config';
import { createDynamoDbPreviewLedger } from '../worker/preview-ledger-dynamodb';
import { createDynamoDbPreviewStore } from '../worker/previews/preview-store-dynamodb';
import { createMemoryPreviewStore } from '../worker/previews/preview-store-memory';
import { basicsFromEnv, type RuntimeBasics, type RuntimeOverrides } from './basics-from-env';
import { createWorkerRuntime, type WorkerRuntimeDeps } from './worker-runtime';

/**
 * Lambda passes its context; the in-process handoff of local runs does not. The job is `unknown`
 * until the worker has validated it.
 */
export type WorkerHandler = (job: unknown, context?: { getRemainingTimeInMillis(): number }) => Promise<void>;

/** The worker function, configured from the environment (see README, "Configuration"). */
export function workerHandlerFromEnv(
  env: NodeJS.ProcessEnv,
  overrides: RuntimeOverrides = {},
  basics: RuntimeBasics = basicsFromEnv(env, overrides),
): WorkerHandler {
  const runtime = createWorkerRuntime({
    ...basics,
    ...storesFor(basics, overrides),
    ...(alertsConfigured(env) ? { alertConfig: loadAlertConfig(env) } : {}),
    ...(overrides.fetch === undefined ? {} : { fetch: overrides.fetch }),
    ...(overrides.clock === undefined ? {} : { clock: overrides.clock }),
  });
  return (job, context) => runtime.run(job, context ? { remainingMs: context.getRemainingTimeInMillis() } : {});
}

type Stores = Pick<WorkerRuntimeDeps, 'ledger' | 'previews' | 'audit' | 'noteLease'>;

/**
 * DynamoDB for each store whose table is configured (in AWS, where containers come and go, and in
 * the local stack); memory otherwise. The SDK finds its endpoint, region and credentials as usual
 * (`AWS_ENDPOINT_URL_DYNAMODB` points it at a local engine).
 */
function storesFor({ config, logger }: RuntimeBasics, overrides: RuntimeOverrides): Stores {
  const clock = overrides.clock;
  let client: DynamoDBDocumentClient | undefined;
  const dynamo = (): DynamoDBDocumentClient => (client ??= DynamoDBDocumentClient.from(new DynamoDBClient({})));
  const withClock = clock === undefined ? {} : { clock };
  return {
    ledger:
      config.previewLedgerTable === undefined
        ? createMemoryPreviewLedger(withClock)
        : createDynamoDbPreviewLedger({ client: dynamo(), tableName: config.previewLedgerTable, ...withClock }),
    previews:
      config.previewLedgerTable === undefined
        ? createMemoryPreviewStore()
        : createDynamoDbPreviewStore({ client: dynamo(), tableName: config.previewLedgerTable }),
    audit:
      config.auditTable === undefined
        ? createMemoryAuditTrail({ ...withClock, ttlDays: config.auditTtlDays })
        : createDynamoDbAuditTrail({ client: dynamo(), tableName: config.auditTable, ttlDays: config.auditTtlDays, ...withClock }),
    noteLease:
      config.noteLeaseTable === undefined
        ? createMemoryNoteLease(clock)
        : createDynamoDbNoteLease({ client: dynamo(), tableName: config.noteLeaseTable, logger, ...withClock }),
  };
}
