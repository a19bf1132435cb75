import { airflowClientsFor } from './airflow-clients';
import { randomUUID } from 'node:crypto';
import { createAccessControl } from '../access/access-control';
import { usergroupMembersFromWebClient } from '../access/slack-usergroups';
import { systemClock, type Clock } from '../clock';
import type { AppConfig } from '../config/app-config';
import type { DeploymentRegistry } from '../config/types';
import type { SecretCache } from '../credentials/secret-cache';
import type { Logger } from '../logging/logger';
import type { AuditTrail } from '../audit/audit-trail';
import type { NoteLease } from '../changes/note-lease';
import type { RunOnce } from '../idempotency/run-once';
import type { PreviewStore } from '../worker/previews/preview-store';
import { runWorkerJob, type RunJobOptions } from '../worker/run-job';
import { answerOptions } from '../worker/commands/list-options';
import type { OptionsAnswer } from '../protocol/builder';
import { createSlackReplies } from '../slack-replies/slack-replies';
import { loadSlackCredentials } from '../credentials/slack-credentials';
import { createHitlFormMetadataCodec } from '../protocol/hitl-form-metadata';
import { createSlackSurfaces } from '../slack-replies/surfaces';
import { lazySlackWebClient } from '../slack-replies/web-client';
import type { WorkerDeps } from '../worker/worker-deps';
import type { AlertConfig } from '../alerts/alert-config';
import { alertAcknowledgers, alertChangeListener } from '../alerts/process-alert';
import type { AcknowledgersOf, ChangeListener } from '../changes/change';
import { createBotMetrics } from '../metrics/bot-metrics';
import { createAlertProcessorDeps } from './alert-worker-runtime';
import type { HitlMessageStore } from '../hitl-messages/hitl-message-store';
import { hitlChangeListener } from '../hitl-messages/hitl-change-listener';
import { createMemoryHitlMessageStore } from '../hitl-messages/hitl-message-store-memory';

export interface WorkerRuntimeDeps {
  config: AppConfig;
  registry: DeploymentRegistry;
  secrets: SecretCache;
  logger: Logger;
  /** Keyed changes (a Slack job's request id) apply once. */
  once: RunOnce;
  previews: PreviewStore;
  audit: AuditTrail;
  noteLease: NoteLease;
  fetch?: typeof fetch;
  clock?: Clock;
  /**
   * When set, a change applied from Slack also updates the run's alert (the alert feature's change
   * listener), and DAGs may be snoozed (the snoozes live in the alert table).
   */
  alertConfig?: AlertConfig;
  /**
   * The human-in-the-loop requests the bot posted: an answer from Slack edits its request's message.
   *
   * @default a memory store (nothing posted by a watcher is found)
   */
  hitlMessages?: HitlMessageStore;
}

/**
 * The worker with everything it talks to, built once per container: Airflow clients (with their
 * token and dialect caches), the Slack Web API client, the user-group cache.
 */
export function createWorkerRuntime(deps: WorkerRuntimeDeps): {
  run(job: unknown, options?: RunJobOptions): Promise<void>;
  /** The builder's synchronous question for a menu's options (`src/protocol/builder.ts`). */
  answer(request: unknown): Promise<OptionsAnswer>;
} {
  const fetchFn = deps.fetch ?? fetch;
  const clock = deps.clock ?? systemClock;
  const webClient = lazySlackWebClient({ secrets: deps.secrets, slackSecretId: deps.config.slackSecretId, slackApiUrl: deps.config.slackApiUrl });
  const airflow = airflowClientsFor(deps, { clock, fetch: fetchFn });
  const metrics = createBotMetrics({ logger: deps.logger });
  const listeners: ChangeListener[] = [];
  const { alertConfig } = deps;
  let acknowledgersOf: AcknowledgersOf | undefined;
  const alertDeps = alertConfig === undefined ? undefined : createAlertProcessorDeps({ ...deps, alertConfig, airflow, web: webClient, clock });
  if (alertDeps !== undefined) {
    listeners.push(alertChangeListener(alertDeps));
    acknowledgersOf = alertAcknowledgers(alertDeps);
  }
  const hitlMessages = deps.hitlMessages ?? createMemoryHitlMessageStore({ clock });
  listeners.push(hitlChangeListener({ store: hitlMessages, registry: deps.registry, web: webClient, clock }));
  const workerDeps: WorkerDeps = {
    registry: deps.registry,
    airflow,
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
    surfaces: createSlackSurfaces({ web: webClient }),
    once: deps.once,
    listeners,
    previews: deps.previews,
    hitlMessages,
    audit: deps.audit,
    noteLease: deps.noteLease,
    logger: deps.logger,
    clock,
    slashCommand: deps.config.slashCommand,
    newId: randomUUID,
    metrics,
    ...(acknowledgersOf === undefined ? {} : { acknowledgersOf }),
    ...(alertDeps?.snoozes === undefined
      ? {}
      : { snoozing: { store: alertDeps.snoozes, timeZoneOf: async (user: string) => (await (await webClient()).users.info({ user })).user?.tz } }),
    // The answer form's metadata is signed with a key derived from the Slack signing secret, which the Slack-facing function checks.
    hitlFormMetadata: async () => createHitlFormMetadataCodec((await loadSlackCredentials(deps.secrets, deps.config.slackSecretId)).signingSecret, clock),
    // The alert feature's own alert log (one DynamoDB client), read back by `digest`.
    ...(alertDeps === undefined ? {} : { alertLog: alertDeps.alertLog }),
  };
  // Validated first: the worker runs only jobs it can read. The job's metrics are written before it returns.
  return {
    answer: (request) => answerOptions(request, workerDeps),
    run: async (job, options) => {
      try {
        await runWorkerJob(job, workerDeps, options);
      } finally {
        metrics.flush();
      }
    },
  };
}
