import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { createAlertAcceptor, type AlertAcceptor } from '../alerts/accept-alert';
import { loadAlertConfig, type AlertConfig } from '../alerts/alert-config';
import { inProcessAlertDispatch, lambdaAlertDispatch, type AlertDispatch } from '../alerts/alert-dispatch';
import { createAlertsEndpoint } from '../alerts/alerts-endpoint';
import type { AlertJob } from '../alerts/process-alert';
import { BotError } from '../errors';
import type { Logger } from '../logging/logger';
import { createBotMetrics } from '../metrics/bot-metrics';
import { basicsFromEnv, type RuntimeOverrides } from './basics-from-env';
import type { HttpHandler } from './slack-events-runtime';

let inProcessAlertWorker: ((job: AlertJob) => Promise<void>) | undefined;

/**
 * Local runs only: the alert worker to run in this process when `ALERT_WORKER_FUNCTION_NAME` is
 * unset. Registered by the local stack, so the alerts function's bundle carries no worker code.
 */
export function runAlertWorkerInProcess(worker: ((job: AlertJob) => Promise<void>) | undefined): void {
  inProcessAlertWorker = worker;
}

/**
 * `POST /alerts/{source}`, configured from the environment: the sources' secrets from Secrets
 * Manager, `webhook-id` records in `ALERT_TABLE`, accepted alerts handed to the alert worker
 * function (`ALERT_WORKER_FUNCTION_NAME`) or, in local runs, to the one registered with
 * `runAlertWorkerInProcess`.
 */
export function alertsFromEnv(env: NodeJS.ProcessEnv, overrides: RuntimeOverrides = {}): HttpHandler {
  const basics = basicsFromEnv(env, overrides);
  const alertConfig = loadAlertConfig(env);
  const metrics = createBotMetrics({ logger: basics.logger });
  const endpoint = createAlertsEndpoint({
    ...basics,
    ...(overrides.clock === undefined ? {} : { clock: overrides.clock }),
    acceptor: alertAcceptorFor(alertConfig, basics.logger),
    metrics,
  });
  return async (event, context) => {
    try {
      return await endpoint(event, context);
    } finally {
      metrics.flush();
    }
  };
}

/**
 * The alert feature's way in, as the alerts function and the watcher share it: `webhook-id`
 * records in `ALERT_TABLE`, accepted alerts handed to the alert worker function or, in local runs,
 * to the one registered with `runAlertWorkerInProcess`.
 *
 * @throws `BotError('config')` when `ALERT_WORKER_FUNCTION_NAME` is unset outside a local run.
 */
export function alertAcceptorFor(alertConfig: AlertConfig, logger: Logger, dynamoDb: DynamoDBClient = new DynamoDBClient({})): AlertAcceptor {
  return createAlertAcceptor({
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: alertConfig.table,
      keyAttr: 'pk',
      expiryAttr: 'expiresAt',
      awsSdkV3Client: dynamoDb,
    }),
    dispatch: dispatchFor(alertConfig, logger),
  });
}

function dispatchFor(alertConfig: AlertConfig, logger: Logger): AlertDispatch {
  if (alertConfig.workerFunctionName !== undefined) return lambdaAlertDispatch(new LambdaClient({}), alertConfig.workerFunctionName);
  const worker = inProcessAlertWorker;
  if (worker === undefined) {
    throw new BotError('config', 'ALERT_WORKER_FUNCTION_NAME must name the alert worker function (only local runs may leave it unset).');
  }
  return inProcessAlertDispatch(worker, logger).dispatch;
}
