import { createHash, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WebClient } from '@slack/web-api';
import type { AirflowClient } from '../airflow/client';
import type { AlertAcceptor } from '../alerts/accept-alert';
import { alertEventSchema } from '../alerts/alert-event';
import type { AlertJob } from '../alerts/process-alert';
import type { Clock } from '../clock';
import type { AppConfig } from '../config/app-config';
import type { DeploymentRegistry } from '../config/types';
import type { SecretCache } from '../credentials/secret-cache';
import type { Logger } from '../logging/logger';
import type { BotMetrics } from '../metrics/bot-metrics';
import type { HitlMessageStore } from '../hitl-messages/hitl-message-store';
import { createDynamoDbHitlMessageStore } from '../hitl-messages/hitl-message-store-dynamodb';
import type { WatcherSlack } from '../watcher/watcher-slack';
import { DEFAULT_WATCH_SETTINGS, type WatchedFailure, type WatchSettings } from '../watcher/watch-deployment';
import { createDynamoDbWatchStateStore } from '../watcher/watch-state';
import { rateLimitPolicyFor, retryRateLimited } from '../slack-replies/rate-limit';
import { lazySlackWebClient } from '../slack-replies/web-client';
import { watchTick, type TickOutcome } from '../watcher/watch-tick';

/** The source name the watcher's alert jobs carry (it signs nothing: it is the bot itself). */
export const WATCHER_SOURCE = 'watcher';

export interface WatcherRuntimeDeps {
  config: AppConfig;
  registry: DeploymentRegistry;
  secrets: SecretCache;
  logger: Logger;
  airflow: { get(deploymentName: string): AirflowClient };
  clock: Clock;
  /** The alert feature's way in: what the alerts function hands signed events to. */
  acceptor: AlertAcceptor;
  documents: DynamoDBDocumentClient;
  /** The alert table, which also holds the watch state (and, by default, the human-in-the-loop records). */
  alertTable: string;
  /**
   * What the bot posted of the human-in-the-loop requests, shared with the Slack worker.
   *
   * @default the DynamoDB store in `alertTable`
   */
  hitlMessages?: HitlMessageStore;
  settings?: Partial<WatchSettings>;
  /** Counts the failures it hands on; the caller flushes them. */
  metrics: Pick<BotMetrics, 'eventAccepted'>;
}

/** Kept of the tick for the Slack call after a rate-limit wait and the deployments after it. */
const SLACK_WAIT_RESERVE_MS = 30_000;

/**
 * The watcher, built once per container: one call is one tick over every deployment with
 * `watch: true` (its failures) or on Airflow 3 (its human-in-the-loop requests). Each failure it finds becomes an alert event accepted as the alerts function
 * accepts a signed one, under a `webhook-id` made from what the failure is: seen again (the
 * overlap of two ticks, or a tick that died half way), it is a duplicate and nothing happens.
 */
export function createWatcher(deps: WatcherRuntimeDeps): (context?: Context) => Promise<TickOutcome[]> {
  const settings: WatchSettings = { ...DEFAULT_WATCH_SETTINGS, ...deps.settings };
  let invocation: Context | undefined;
  const watchDeps = {
    airflow: deps.airflow,
    store: createDynamoDbWatchStateStore({ client: deps.documents, tableName: deps.alertTable, clock: deps.clock }),
    report: async (failure: WatchedFailure) => {
      const job = alertJobOf(failure);
      if (job === undefined) {
        deps.logger.warn({ deployment: failure.deployment, kind: failure.kind }, 'watcher: a failure that no alert event can describe dropped');
        return false;
      }
      const accepted = (await deps.acceptor.accept(job, invocation)) === 'accepted';
      if (accepted) deps.metrics.eventAccepted(failure.deployment);
      return accepted;
    },
    slack: watcherSlack(deps, () => invocation),
    hitl: {
      store: deps.hitlMessages ?? createDynamoDbHitlMessageStore({ client: deps.documents, tableName: deps.alertTable, clock: deps.clock }),
    },
    clock: deps.clock,
    logger: deps.logger,
    newOwner: randomUUID,
    settings,
  };
  return async (context) => {
    // The idempotency records of the tick's alert jobs expire their in-progress mark with the invocation.
    invocation = context;
    const outcomes = await watchTick(deps.registry, watchDeps);
    deps.logger.info({ outcomes }, 'watcher: tick done');
    return outcomes;
  };
}

/**
 * The alert event of a failure the watcher found, as the notifier would have sent it, with a
 * `webhook-id` that is the same whenever the same failure is found again. `undefined` for what the
 * event schema cannot hold.
 */
export function alertJobOf(failure: WatchedFailure): AlertJob | undefined {
  const common = { version: 1, deployment: failure.deployment };
  const candidate =
    failure.kind === 'task'
      ? {
          ...common,
          event: `task_instance.${failure.ti.state}`,
          dag_id: failure.ti.dagId,
          run_id: failure.ti.runId,
          task_id: failure.ti.taskId,
          map_index: failure.ti.mapIndex,
          try_number: failure.ti.tryNumber,
          logical_date: failure.ti.logicalDate,
          ...(failure.ti.endDate === null ? {} : { occurred_at: failure.ti.endDate }),
        }
      : {
          ...common,
          event: `dag_run.${failure.run.state}`,
          dag_id: failure.run.dagId,
          run_id: failure.run.runId,
          logical_date: failure.run.logicalDate,
          ...(failure.run.endDate === null ? {} : { occurred_at: failure.run.endDate }),
        };
  const parsed = alertEventSchema.safeParse(candidate);
  if (!parsed.success) return undefined;
  const event = parsed.data;
  const identity =
    failure.kind === 'task'
      ? [event.deployment, event.event, event.dag_id, event.run_id, failure.ti.taskId, failure.ti.mapIndex, failure.ti.tryNumber, failure.ti.endDate]
      : [event.deployment, event.event, event.dag_id, event.run_id, failure.run.endDate];
  const webhookId = `watch_${createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 40)}`;
  return { kind: 'alert', source: WATCHER_SOURCE, webhookId, event };
}

/**
 * The watcher's messages through the bot's Web API client (`lazySlackWebClient`, created on first
 * use from the Slack secret), Slack's 429s waited out by the bot's one policy while the tick has time.
 */
function watcherSlack(deps: Pick<WatcherRuntimeDeps, 'secrets' | 'config'>, invocation: () => Context | undefined): WatcherSlack {
  const webClient = lazySlackWebClient({ secrets: deps.secrets, slackSecretId: deps.config.slackSecretId, slackApiUrl: deps.config.slackApiUrl });
  const limited = async <T>(call: (web: WebClient) => Promise<T>, channel?: string): Promise<T> => {
    const web = await webClient();
    return retryRateLimited(() => call(web), rateLimitPolicyFor(invocation(), SLACK_WAIT_RESERVE_MS), channel === undefined ? {} : { channel });
  };
  return {
    async post(channel, text) {
      const result = await limited((web) => web.chat.postMessage({ channel, text, unfurl_links: false }), channel);
      if (typeof result.ts !== 'string') throw new Error('chat.postMessage answered without a ts');
      return result.ts;
    },
    async update(channel, ts, text) {
      await limited((web) => web.chat.update({ channel, ts, text }));
    },
    async postMessage(channel, message) {
      const result = await limited((web) => web.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false }), channel);
      if (typeof result.ts !== 'string') throw new Error('chat.postMessage answered without a ts');
      return result.ts;
    },
    async updateMessage(channel, ts, message) {
      await limited((web) => web.chat.update({ channel, ts, text: message.text, blocks: message.blocks }));
    },
  };
}
