import { createAirflowClientRegistry, type AirflowClientRegistry } from '../airflow/client-registry';
import type { RetryPolicy } from '../airflow/ky-instance';
import type { Clock } from '../clock';
import type { BotMetrics } from '../metrics/bot-metrics';
import { createAirflowCredentialProvider } from '../credentials/airflow-credentials';
import type { RuntimeBasics } from './basics-from-env';

/**
 * The Airflow clients of every deployment in the registry, signed in with the credentials in the
 * secret cache and timed out as configured: what each runtime (worker, alerts, webhook actions)
 * builds once per container.
 */
export function airflowClientsFor(
  basics: RuntimeBasics,
  options: { clock: Clock; fetch?: typeof fetch | undefined; retry?: RetryPolicy; metrics?: Pick<BotMetrics, 'airflowError'> },
): AirflowClientRegistry {
  return createAirflowClientRegistry(basics.registry.deployments, {
    credentials: createAirflowCredentialProvider(basics.secrets),
    fetch: options.fetch ?? fetch,
    clock: options.clock,
    logger: basics.logger,
    timeoutMs: basics.config.airflowTimeoutMs,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
  });
}
