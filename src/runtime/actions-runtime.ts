import { airflowClientsFor } from './airflow-clients';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { systemClock, type Clock } from '../clock';
import type { AppConfig } from '../config/app-config';
import type { DeploymentRegistry } from '../config/types';
import type { SecretCache } from '../credentials/secret-cache';
import { BotError } from '../errors';
import type { Logger } from '../logging/logger';
import { handleActionRequest } from '../webhook-actions/action-endpoint';
import { createApplyOnce } from '../idempotency/run-once-dynamodb';
import type { AfterChange } from '../webhook-actions/mutations';
import type { NoteLease } from '../changes/note-lease';
import type { HttpHandler } from './slack-events-runtime';

export interface ActionsRuntimeDeps {
  config: AppConfig;
  registry: DeploymentRegistry;
  secrets: SecretCache;
  logger: Logger;
  dynamoDb: DynamoDBClient;
  /** Shared with the worker: Slack's and webhooks' note writers wait for each other. */
  noteLease: NoteLease;
  fetch?: typeof fetch;
  clock?: Clock;
  afterChange?: AfterChange;
}

/** A webhook caller waits synchronously: one retry of a read at most, then the answer. */
const ACTIONS_READ_RETRY = { limit: 1, backoffMs: 200, maxRetryAfterMs: 1_000 };

/**
 * `POST /actions/{source}`, built once per container: the Airflow clients (tokens and dialects
 * kept across warm invocations) and the idempotency store.
 *
 * @throws `BotError('config')` when `IDEMPOTENCY_TABLE` is not set: without it a retried change
 *   could be applied twice.
 */
export function createActionsHandler(deps: ActionsRuntimeDeps): HttpHandler {
  const tableName = deps.config.idempotencyTable;
  if (tableName === undefined) {
    throw new BotError('config', 'IDEMPOTENCY_TABLE must name the DynamoDB table of webhook actions (changes must apply once).');
  }
  const clock = deps.clock ?? systemClock;
  const endpointDeps = {
    registry: deps.registry,
    secrets: deps.secrets,
    logger: deps.logger,
    clock,
    noteLease: deps.noteLease,
    airflowTimeoutMs: deps.config.airflowTimeoutMs,
    airflow: airflowClientsFor(deps, { clock, fetch: deps.fetch, retry: ACTIONS_READ_RETRY }),
    once: createApplyOnce({ client: deps.dynamoDb, tableName, logger: deps.logger }),
    ...(deps.afterChange === undefined ? {} : { afterChange: deps.afterChange }),
  };
  return (event, context) => handleActionRequest(event, endpointDeps, context);
}
