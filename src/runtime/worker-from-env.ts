import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { alertsConfigured, loadAlertConfig } from '../alerts/alert-config';
import { createDynamoDbPreviewStore } from '../worker/previews/preview-store-dynamodb';
import { createMemoryPreviewStore } from '../worker/previews/preview-store-memory';
import { basicsFromEnv, type RuntimeBasics, type RuntimeOverrides } from './basics-from-env';
import { changeStoresFor } from './change-stores';
import { hitlMessageStoreFor } from './hitl-stores';
import { createWorkerRuntime } from './worker-runtime';
import { isOptionsRequest, type OptionsAnswer } from '../protocol/builder';

/**
 * Lambda passes its context; the in-process handoff of local runs does not. The job is `unknown`
 * until the worker has validated it. A job (asynchronous) resolves to nothing; the builder's
 * options request (synchronous, `kind: 'options'`) resolves to its `OptionsAnswer`.
 */
export type WorkerHandler = (job: unknown, context?: { getRemainingTimeInMillis(): number }) => Promise<void | OptionsAnswer>;

/** The worker function, configured from the environment (see README, "Configuration"). */
export function workerHandlerFromEnv(
  env: NodeJS.ProcessEnv,
  overrides: RuntimeOverrides = {},
  basics: RuntimeBasics = basicsFromEnv(env, overrides),
): WorkerHandler {
  const { config } = basics;
  const runtime = createWorkerRuntime({
    ...basics,
    ...changeStoresFor({ ...basics, ...(overrides.clock === undefined ? {} : { clock: overrides.clock }) }),
    // Previews as shown, claimed once by Confirm or Cancel (DynamoDB when the table is configured).
    previews:
      config.previewLedgerTable === undefined
        ? createMemoryPreviewStore()
        : createDynamoDbPreviewStore({ client: DynamoDBDocumentClient.from(new DynamoDBClient({})), tableName: config.previewLedgerTable }),
    ...(alertsConfigured(env) ? { alertConfig: loadAlertConfig(env) } : {}),
    // The human-in-the-loop records the watcher writes, in the same alert table.
    hitlMessages: hitlMessageStoreFor({
      alertTable: alertsConfigured(env) ? loadAlertConfig(env).table : undefined,
      ...(overrides.clock === undefined ? {} : { clock: overrides.clock }),
    }),
    ...(overrides.fetch === undefined ? {} : { fetch: overrides.fetch }),
    ...(overrides.clock === undefined ? {} : { clock: overrides.clock }),
  });
  return (job, context) =>
    isOptionsRequest(job) ? runtime.answer(job) : runtime.run(job, context ? { remainingMs: context.getRemainingTimeInMillis() } : {});
}
