import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { WebClient } from '@slack/web-api';
import type { AirflowClient } from '../airflow/client';
import type { AlertConfig } from '../alerts/alert-config';
import { createDynamoDbAlertStore } from '../alerts/alert-store';
import type { AlertProcessorDeps } from '../alerts/process-alert';
import type { Clock } from '../clock';
import type { AppConfig } from '../config/app-config';
import type { DeploymentRegistry } from '../config/types';
import type { SecretCache } from '../credentials/secret-cache';
import { loadSlackCredentials } from '../credentials/slack-credentials';
import type { Logger } from '../logging/logger';
import type { BotMetrics } from '../metrics/bot-metrics';

export interface AlertProcessorRuntimeDeps {
  config: AppConfig;
  alertConfig: AlertConfig;
  registry: DeploymentRegistry;
  secrets: SecretCache;
  logger: Logger;
  airflow: { get(deploymentName: string): AirflowClient };
  clock: Clock;
  /** Counts posts, edits and the seconds from event to Slack; absent: nothing is counted. */
  metrics?: BotMetrics;
}

/** Slack calls that fail (a 429 counts: the client waits its `Retry-After` first) are tried this often. */
const SLACK_RETRIES = 5;

/**
 * What showing alerts needs, built once per container: the alert store on DynamoDB and the bot's
 * Web API client (created on first use, from the Slack secret).
 */
export function createAlertProcessorDeps(deps: AlertProcessorRuntimeDeps): AlertProcessorDeps {
  let web: Promise<WebClient> | undefined;
  const webClient = (): Promise<WebClient> => {
    web ??= loadSlackCredentials(deps.secrets, deps.config.slackSecretId)
      .then(
        (credentials) =>
          new WebClient(credentials.botToken, {
            slackApiUrl: deps.config.slackApiUrl,
            retryConfig: { retries: SLACK_RETRIES, factor: 2, minTimeout: 200, maxTimeout: 5_000 },
          }),
      )
      .catch((error: unknown) => {
        web = undefined; // try again next time rather than failing every alert of this container
        throw error;
      });
    return web;
  };
  return {
    registry: deps.registry,
    airflow: deps.airflow,
    store: createDynamoDbAlertStore({
      client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
      tableName: deps.alertConfig.table,
      clock: deps.clock,
    }),
    web: webClient,
    logger: deps.logger,
    clock: deps.clock,
    coalesceMs: deps.alertConfig.coalesceMs,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    newOwner: randomUUID,
    ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }),
  };
}
