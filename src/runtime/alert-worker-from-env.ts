import { airflowClientsFor } from './airflow-clients';
import { loadAlertConfig } from '../alerts/alert-config';
import { processAlert, type AlertJob } from '../alerts/process-alert';
import { systemClock } from '../clock';
import { createBotMetrics } from '../metrics/bot-metrics';
import { lazySlackWebClient } from '../slack-replies/web-client';
import { createAlertProcessorDeps } from './alert-worker-runtime';
import { basicsFromEnv, type RuntimeOverrides } from './basics-from-env';

/** Invoked asynchronously with one accepted alert. */
export type AlertWorkerHandler = (job: AlertJob) => Promise<void>;

/**
 * The alert worker function, configured from the environment: reads Airflow, updates the alert
 * state, posts or edits the message. A failure throws, so Lambda retries it (a retry changes
 * nothing twice) and then sends the job to the failure destination. The metrics of the job are
 * written before it returns or throws.
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
  return async (job) => {
    try {
      await processAlert(job, deps);
    } finally {
      metrics.flush();
    }
  };
}
