import { airflowClientsFor } from './airflow-clients';
import { loadAlertConfig } from '../alerts/alert-config';
import { processAlert, type AlertJob } from '../alerts/process-alert';
import { systemClock } from '../clock';
import { createBotMetrics } from '../metrics/bot-metrics';
import type { Context } from 'aws-lambda';
import { rateLimitPolicyFor } from '../slack-replies/rate-limit';
import { lazySlackWebClient } from '../slack-replies/web-client';
import { createAlertProcessorDeps } from './alert-worker-runtime';
import { basicsFromEnv, type RuntimeOverrides } from './basics-from-env';

/** Invoked asynchronously with one accepted alert; in process (local runs) without a context. */
export type AlertWorkerHandler = (job: AlertJob, context?: Context) => Promise<void>;

/**
 * Kept of the invocation for the Slack call after a rate-limit wait (the Web API client's 10 s
 * timeout) and the writes after it, so no job waits for Slack past its function's timeout.
 */
export const SLACK_WAIT_RESERVE_MS = 15_000;

/**
 * The alert worker function, configured from the environment: reads Airflow, updates the alert
 * state, posts or edits the message. A failure throws, so Lambda retries it (a retry changes
 * nothing twice) and then sends the job to the failure destination. The metrics of the job are
 * written before it returns or throws. Slack's rate limits are waited out while the invocation
 * has time (`rateLimitPolicyFor`): a burst of alerts into one channel all arrive, a second apart.
 */
export function alertWorkerFromEnv(env: NodeJS.ProcessEnv, overrides: RuntimeOverrides = {}): AlertWorkerHandler {
  const basics = basicsFromEnv(env, overrides);
  const clock = overrides.clock ?? systemClock;
  const metrics = createBotMetrics({ logger: basics.logger });
  const deps = createAlertProcessorDeps({
    ...basics,
    alertConfig: loadAlertConfig(env),
    clock,
    airflow: airflowClientsFor(basics, { clock, fetch: overrides.fetch, metrics }),
    web: lazySlackWebClient({ secrets: basics.secrets, slackSecretId: basics.config.slackSecretId, slackApiUrl: basics.config.slackApiUrl }),
    metrics,
  });
  return async (job, context) => {
    try {
      await processAlert(job, { ...deps, rateLimit: rateLimitPolicyFor(context, SLACK_WAIT_RESERVE_MS) });
    } finally {
      metrics.flush();
    }
  };
}
