import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createMemoryPreviewLedger, type PreviewLedger } from '../worker/preview-ledger';
import { createDynamoDbPreviewLedger } from '../worker/preview-ledger-dynamodb';
import { basicsFromEnv, type RuntimeBasics, type RuntimeOverrides } from './basics-from-env';
import { createWorkerRuntime } from './worker-runtime';

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
    ledger: ledgerFor(basics),
    ...(overrides.fetch === undefined ? {} : { fetch: overrides.fetch }),
    ...(overrides.clock === undefined ? {} : { clock: overrides.clock }),
  });
  return (job, context) => runtime.run(job, context ? { remainingMs: context.getRemainingTimeInMillis() } : {});
}

/** DynamoDB when a table is configured (in AWS, where containers come and go); memory otherwise. */
function ledgerFor({ config }: RuntimeBasics): PreviewLedger {
  if (config.previewLedgerTable === undefined) return createMemoryPreviewLedger();
  return createDynamoDbPreviewLedger({
    client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
    tableName: config.previewLedgerTable,
  });
}
