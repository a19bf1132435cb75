import { airflowClientsFor } from './airflow-clients';
import { randomUUID } from 'node:crypto';
import type { AlertConfig } from '../alerts/alert-config';
import { alertChangeListener } from '../alerts/process-alert';
import type { ChangeServiceDeps } from '../changes/apply-change';
import type { ChangeListener } from '../changes/change';
import { systemClock, type Clock } from '../clock';
import type { AppConfig } from '../config/app-config';
import type { DeploymentRegistry } from '../config/types';
import type { SecretCache } from '../credentials/secret-cache';
import { BotError } from '../errors';
import type { Logger } from '../logging/logger';
import { lazySlackWebClient } from '../slack-replies/web-client';
import { handleActionRequest } from '../webhook-actions/action-endpoint';
import { SHORT_RATE_LIMIT_POLICY } from '../slack-replies/rate-limit';
import { createAlertProcessorDeps } from './alert-worker-runtime';
import type { ChangeStores } from './change-stores';
import type { HttpHandler } from './slack-events-runtime';

export interface ActionsRuntimeDeps extends ChangeStores {
  config: AppConfig;
  registry: DeploymentRegistry;
  secrets: SecretCache;
  logger: Logger;
  fetch?: typeof fetch;
  clock?: Clock;
  /** When set, a change applied by a webhook also updates the run's alert, as one from Slack does. */
  alertConfig?: AlertConfig;
  /** More change listeners (tests). */
  listeners?: readonly ChangeListener[];
}

/** A webhook caller waits synchronously: one retry of a read at most, then the answer. */
const ACTIONS_READ_RETRY = { limit: 1, backoffMs: 200, maxRetryAfterMs: 1_000 };

/**
 * `POST /actions/{source}`, built once per container: the Airflow clients (tokens and dialects
 * kept across warm invocations) and the change service with its stores and listeners.
 *
 * @throws `BotError('config')` when `IDEMPOTENCY_TABLE` is not set: without it a retried change
 *   could be applied twice.
 */
export function createActionsHandler(deps: ActionsRuntimeDeps): HttpHandler {
  if (deps.config.idempotencyTable === undefined) {
    throw new BotError('config', 'IDEMPOTENCY_TABLE must name the DynamoDB table of idempotency records (changes must apply once).');
  }
  const clock = deps.clock ?? systemClock;
  const airflow = airflowClientsFor(deps, { clock, fetch: deps.fetch, retry: ACTIONS_READ_RETRY });
  const listeners: ChangeListener[] = [...(deps.listeners ?? [])];
  const { alertConfig } = deps;
  if (alertConfig !== undefined) {
    const web = lazySlackWebClient({ secrets: deps.secrets, slackSecretId: deps.config.slackSecretId, slackApiUrl: deps.config.slackApiUrl });
    // The source waits for its answer (28 s in all): the alert's edit may wait out Slack's limit only briefly.
    listeners.push(alertChangeListener({ ...createAlertProcessorDeps({ ...deps, alertConfig, airflow, web, clock }), rateLimit: SHORT_RATE_LIMIT_POLICY }));
  }
  const changes: ChangeServiceDeps = {
    // Only sources act here (their permissions are the registry's `sourceActions`); no Slack user does.
    access: { canRead: async () => false, canAct: async () => false },
    audit: deps.audit,
    noteLease: deps.noteLease,
    once: deps.once,
    listeners,
    logger: deps.logger,
    clock,
    newId: randomUUID,
  };
  const endpointDeps = {
    registry: deps.registry,
    secrets: deps.secrets,
    logger: deps.logger,
    clock,
    airflowTimeoutMs: deps.config.airflowTimeoutMs,
    airflow,
    changes,
  };
  return (event, context) => handleActionRequest(event, endpointDeps, context);
}
