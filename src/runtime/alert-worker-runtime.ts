import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WebClient } from '@slack/web-api';
import type { AirflowClient } from '../airflow/client';
import type { AlertConfig } from '../alerts/alert-config';
import { createDynamoDbAlertLog, type AlertLog } from '../alert-log/alert-log';
import { createDynamoDbAlertStore } from '../alerts/alert-store';
import type { AlertProcessorDeps } from '../alerts/process-alert';
import type { Clock } from '../clock';
import { createDynamoDbSnoozeStore } from '../snoozes/snooze-store-dynamodb';
import type { DeploymentRegistry } from '../config/types';
import type { Logger } from '../logging/logger';
import type { BotMetrics } from '../metrics/bot-metrics';

export interface AlertProcessorRuntimeDeps {
  alertConfig: AlertConfig;
  registry: DeploymentRegistry;
  logger: Logger;
  airflow: { get(deploymentName: string): AirflowClient };
  /** The bot's Web API client (see `lazySlackWebClient`), shared with the worker when it runs there. */
  web: () => Promise<WebClient>;
  clock: Clock;
  /** Counts posts, edits and the seconds from event to Slack; absent: nothing is counted. */
  metrics?: BotMetrics;
}

/**
 * What showing alerts needs, built once per container: the alert store, its channel-day index and
 * the snoozes on DynamoDB, and the parts given.
 */
export function createAlertProcessorDeps(deps: AlertProcessorRuntimeDeps): AlertProcessorDeps & { alertLog: AlertLog } {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const table = { client, tableName: deps.alertConfig.table, clock: deps.clock };
  return {
    registry: deps.registry,
    airflow: deps.airflow,
    store: createDynamoDbAlertStore(table),
    alertLog: createDynamoDbAlertLog(table),
    // Snoozes live in the alert table, beside the alerts they hold back.
    snoozes: createDynamoDbSnoozeStore(table),
    web: deps.web,
    logger: deps.logger,
    clock: deps.clock,
    coalesceMs: deps.alertConfig.coalesceMs,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    newOwner: randomUUID,
    ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }),
  };
}
