import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createAlertAcceptor, type AlertAcceptor } from '../alerts/accept-alert';
import type { AlertDispatch } from '../alerts/alert-dispatch';
import { createAlertsEndpoint } from '../alerts/alerts-endpoint';
import type { Clock } from '../clock';
import type { DeploymentRegistry } from '../config/types';
import type { SecretCache } from '../credentials/secret-cache';
import { BotError } from '../errors';
import { createDynamoDbRunOnce } from '../idempotency/run-once-dynamodb';
import type { Logger } from '../logging/logger';
import type { BotMetrics } from '../metrics/bot-metrics';
import type { HttpHandler } from './slack-events-runtime';

export interface AlertAcceptorDeps {
  logger: Logger;
  /** The one idempotency table, which holds the `webhook-id` records (`IDEMPOTENCY_TABLE`). */
  idempotencyTable: string | undefined;
  dynamoDb: DynamoDBClient;
  /** Where accepted alerts go: the alert worker function, or in local runs the worker in this process. */
  dispatch: AlertDispatch;
}

export interface AlertsRuntimeDeps extends AlertAcceptorDeps {
  registry: DeploymentRegistry;
  secrets: SecretCache;
  /** Events accepted and refused; written before each answer. */
  metrics: BotMetrics;
  clock?: Clock;
}

/**
 * `POST /alerts/{source}`, built once per container: the endpoint with its acceptor, which drops
 * redeliveries by `webhook-id`; the invocation's metrics are written before it answers.
 */
export function createAlertsHandler(deps: AlertsRuntimeDeps): HttpHandler {
  const { metrics } = deps;
  const endpoint = createAlertsEndpoint({
    registry: deps.registry,
    secrets: deps.secrets,
    logger: deps.logger,
    ...(deps.clock === undefined ? {} : { clock: deps.clock }),
    acceptor: alertAcceptorFor(deps),
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
 * The alert feature's way in, as the alerts function and the watcher share it: each `webhook-id`
 * accepted once (records in the one idempotency table), accepted alerts handed to `dispatch`.
 *
 * @throws `BotError('config')` when `IDEMPOTENCY_TABLE` is unset.
 */
export function alertAcceptorFor(deps: AlertAcceptorDeps): AlertAcceptor {
  if (deps.idempotencyTable === undefined) {
    throw new BotError('config', 'IDEMPOTENCY_TABLE must name the DynamoDB table of idempotency records (alerts are accepted once per webhook-id).');
  }
  return createAlertAcceptor({
    once: createDynamoDbRunOnce({ client: deps.dynamoDb, tableName: deps.idempotencyTable, logger: deps.logger }),
    dispatch: deps.dispatch,
  });
}
