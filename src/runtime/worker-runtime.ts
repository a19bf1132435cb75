import { randomUUID } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import { createAccessControl } from '../access/access-control';
import { usergroupMembersFromWebClient } from '../access/slack-usergroups';
import { createAirflowClientRegistry } from '../airflow/client-registry';
import { systemClock, type Clock } from '../clock';
import type { AppConfig } from '../config/app-config';
import type { DeploymentRegistry } from '../config/types';
import { createAirflowCredentialProvider } from '../credentials/airflow-credentials';
import type { SecretCache } from '../credentials/secret-cache';
import { loadSlackCredentials } from '../credentials/slack-credentials';
import type { Logger } from '../logging/logger';
import type { PreviewLedger } from '../worker/preview-ledger';
import { runWorkerJob, type RunJobOptions } from '../worker/run-job';
import { createSlackReplies } from '../worker/slack-replies';
import { createWorkerWebClient } from '../worker/worker-web-client';
import type { WorkerDeps } from '../worker/worker-deps';

export interface WorkerRuntimeDeps {
  config: AppConfig;
  registry: DeploymentRegistry;
  secrets: SecretCache;
  logger: Logger;
  ledger: PreviewLedger;
  fetch?: typeof fetch;
  clock?: Clock;
}

/**
 * The worker with everything it talks to, built once per container: Airflow clients (with their
 * token and dialect caches), the Slack Web API client, the user-group cache.
 */
export function createWorkerRuntime(deps: WorkerRuntimeDeps): { run(job: unknown, options?: RunJobOptions): Promise<void> } {
  const fetchFn = deps.fetch ?? fetch;
  const clock = deps.clock ?? systemClock;
  let web: Promise<WebClient> | undefined;
  const webClient = (): Promise<WebClient> => {
    if (web) return web;
    const created = loadSlackCredentials(deps.secrets, deps.config.slackSecretId)
      .then((credentials) => createWorkerWebClient(credentials.botToken, deps.config.slackApiUrl))
      .catch((error: unknown) => {
        web = undefined; // try again next time rather than failing every job of this container
        throw error;
      });
    web = created;
    return created;
  };
  const workerDeps: WorkerDeps = {
    registry: deps.registry,
    airflow: createAirflowClientRegistry(deps.registry.deployments, {
      credentials: createAirflowCredentialProvider(deps.secrets),
      fetch: fetchFn,
      clock,
      logger: deps.logger,
      timeoutMs: deps.config.airflowTimeoutMs,
    }),
    access: createAccessControl({
      listUserGroupMembers: async (groupId) => usergroupMembersFromWebClient(await webClient())(groupId),
      clock,
      logger: deps.logger,
      ...(deps.config.slackTeamIds === undefined ? {} : { teamIds: deps.config.slackTeamIds }),
    }),
    replies: createSlackReplies({
      fetch: fetchFn,
      web: webClient,
      ...(deps.config.responseUrlOrigins === undefined ? {} : { responseUrlOrigins: deps.config.responseUrlOrigins }),
    }),
    ledger: deps.ledger,
    logger: deps.logger,
    clock,
    slashCommand: deps.config.slashCommand,
    newId: randomUUID,
  };
  // Validated first: the worker runs only jobs it can read.
  return { run: (job, options) => runWorkerJob(job, workerDeps, options) };
}
