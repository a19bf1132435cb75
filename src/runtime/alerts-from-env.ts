import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { loadAlertConfig, type AlertConfig } from '../alerts/alert-config';
import { inProcessAlertDispatch, lambdaAlertDispatch, type AlertDispatch } from '../alerts/alert-dispatch';
import type { AlertJob } from '../alerts/process-alert';
import { BotError } from '../errors';
import type { Logger } from '../logging/logger';
import { createBotMetrics } from '../metrics/bot-metrics';
import { createAlertsHandler } from './alerts-runtime';
import { basicsFromEnv, type RuntimeOverrides } from './basics-from-env';
import type { HttpHandler } from './slack-events-runtime';

/** Runs an accepted alert in this process: the alert worker function's own handler, in local runs. */
export type InProcessAlertWorker = (job: AlertJob) => Promise<void>;

/**
 * `POST /alerts/{source}`, configured from the environment: the sources' secrets from Secrets
 * Manager, `webhook-id` records in `IDEMPOTENCY_TABLE`, accepted alerts handed to the alert worker
 * function (`ALERT_WORKER_FUNCTION_NAME`) or, in local runs, to `inProcessAlertWorker`: passed in
 * by the local stack rather than imported here, so the alerts function's bundle carries no worker
 * code.
 */
export function alertsFromEnv(env: NodeJS.ProcessEnv, overrides: RuntimeOverrides & { inProcessAlertWorker?: InProcessAlertWorker } = {}): HttpHandler {
  const basics = basicsFromEnv(env, overrides);
  const alertConfig = loadAlertConfig(env);
  return createAlertsHandler({
    ...basics,
    idempotencyTable: basics.config.idempotencyTable,
    dynamoDb: new DynamoDBClient({}),
    metrics: createBotMetrics({ logger: basics.logger }),
    dispatch: alertDispatchFor(alertConfig, basics.logger, overrides.inProcessAlertWorker),
    ...(overrides.clock === undefined ? {} : { clock: overrides.clock }),
  });
}

/**
 * Where accepted alerts go: the alert worker function (`ALERT_WORKER_FUNCTION_NAME`) or, in local
 * runs, the worker passed in.
 *
 * @throws `BotError('config')` when neither is given.
 */
export function alertDispatchFor(alertConfig: AlertConfig, logger: Logger, inProcessAlertWorker: InProcessAlertWorker | undefined): AlertDispatch {
  if (alertConfig.workerFunctionName !== undefined) return lambdaAlertDispatch(new LambdaClient({}), alertConfig.workerFunctionName);
  if (inProcessAlertWorker === undefined) {
    throw new BotError('config', 'ALERT_WORKER_FUNCTION_NAME must name the alert worker function (only local runs may leave it unset).');
  }
  return inProcessAlertDispatch(inProcessAlertWorker, logger).dispatch;
}
