import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { createAlertAcceptor } from '../alerts/accept-alert';
import type { AlertConfig } from '../alerts/alert-config';
import type { AlertDispatch } from '../alerts/alert-dispatch';
import { createAlertsEndpoint } from '../alerts/alerts-endpoint';
import type { Clock } from '../clock';
import type { DeploymentRegistry } from '../config/types';
import type { SecretCache } from '../credentials/secret-cache';
import type { Logger } from '../logging/logger';
import type { HttpHandler } from './slack-events-runtime';

export interface AlertsRuntimeDeps {
  registry: DeploymentRegistry;
  secrets: SecretCache;
  logger: Logger;
  alertConfig: AlertConfig;
  /** Holds the `webhook-id` records, in `alertConfig.table`. */
  dynamoDb: DynamoDBClient;
  /** Where accepted alerts go: the alert worker function, or in local runs the worker in this process. */
  dispatch: AlertDispatch;
  clock?: Clock;
}

/**
 * `POST /alerts/{source}`, built once per container: the endpoint with its acceptor, which drops
 * redeliveries by `webhook-id` (Powertools idempotency records in the alert table).
 */
export function createAlertsHandler(deps: AlertsRuntimeDeps): HttpHandler {
  const endpoint = createAlertsEndpoint({
    registry: deps.registry,
    secrets: deps.secrets,
    logger: deps.logger,
    ...(deps.clock === undefined ? {} : { clock: deps.clock }),
    acceptor: createAlertAcceptor({
      persistenceStore: new DynamoDBPersistenceLayer({
        tableName: deps.alertConfig.table,
        keyAttr: 'pk',
        expiryAttr: 'expiresAt',
        awsSdkV3Client: deps.dynamoDb,
      }),
      dispatch: deps.dispatch,
    }),
  });
  return (event, context) => endpoint(event, context);
}
