import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadAlertConfig } from '../alerts/alert-config';
import { systemClock } from '../clock';
import { createBotMetrics } from '../metrics/bot-metrics';
import type { WatchSettings } from '../watcher/watch-deployment';
import type { TickOutcome } from '../watcher/watch-tick';
import { airflowClientsFor } from './airflow-clients';
import { alertDispatchFor, type InProcessAlertWorker } from './alerts-from-env';
import { alertAcceptorFor } from './alerts-runtime';
import { basicsFromEnv, type RuntimeOverrides } from './basics-from-env';
import { hitlMessageStoreFor } from './hitl-stores';
import { createWatcher } from './watcher-runtime';

/** Invoked by the schedule (EventBridge) with an event it does not read. */
export type WatcherHandler = (event?: unknown, context?: Context) => Promise<TickOutcome[]>;

/**
 * The watcher function, configured from the environment: the registry's `watch: true`
 * deployments and its Airflow 3 ones (human-in-the-loop requests), the watch state and the
 * human-in-the-loop records in `ALERT_TABLE`, `webhook-id` records in `IDEMPOTENCY_TABLE`,
 * failures handed to the alert worker function (`ALERT_WORKER_FUNCTION_NAME`) or, in local runs,
 * to `inProcessAlertWorker`. One invocation is one tick.
 */
export function watcherFromEnv(
  env: NodeJS.ProcessEnv,
  overrides: RuntimeOverrides & { settings?: Partial<WatchSettings>; inProcessAlertWorker?: InProcessAlertWorker } = {},
): WatcherHandler {
  const basics = basicsFromEnv(env, overrides);
  const alertConfig = loadAlertConfig(env);
  const clock = overrides.clock ?? systemClock;
  const dynamoDb = new DynamoDBClient({});
  const metrics = createBotMetrics({ logger: basics.logger });
  const documents = DynamoDBDocumentClient.from(dynamoDb);
  const tick = createWatcher({
    ...basics,
    clock,
    // A read is asked again next tick: no retries inside one.
    airflow: airflowClientsFor(basics, { clock, fetch: overrides.fetch, retry: { limit: 0, backoffMs: 0 }, metrics }),
    metrics,
    acceptor: alertAcceptorFor({
      logger: basics.logger,
      idempotencyTable: basics.config.idempotencyTable,
      dynamoDb,
      dispatch: alertDispatchFor(alertConfig, basics.logger, overrides.inProcessAlertWorker),
    }),
    documents,
    alertTable: alertConfig.table,
    hitlMessages: hitlMessageStoreFor({ alertTable: alertConfig.table, clock, documents }),
    ...(overrides.settings === undefined ? {} : { settings: overrides.settings }),
  });
  return async (_event, context) => {
    try {
      return await tick(context);
    } finally {
      metrics.flush();
    }
  };
}
