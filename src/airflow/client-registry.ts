import type { DeploymentConfig } from '../config/types';
import { BotError } from '../errors';
import type { AirflowClient } from './client';
import { createAirflowClient, type AirflowClientDeps } from './create-airflow-client';

export interface AirflowClientRegistry {
  /** The one client of this deployment, created on first use. Throws `not_found` for an unknown name. */
  get(deploymentName: string): AirflowClient;
}

/**
 * One client per deployment per container, so each deployment keeps one token and one dialect
 * across warm invocations.
 *
 * @example
 * const airflow = createAirflowClientRegistry(registry.deployments, { credentials, logger });
 * await airflow.get('prod-eu').recentRuns('etl_daily', 5);
 */
export function createAirflowClientRegistry(
  deployments: readonly DeploymentConfig[],
  deps: AirflowClientDeps,
): AirflowClientRegistry {
  const byName = new Map(deployments.map((deployment) => [deployment.name, deployment]));
  const clients = new Map<string, AirflowClient>();
  return {
    get(deploymentName) {
      const existing = clients.get(deploymentName);
      if (existing) return existing;
      const deployment = byName.get(deploymentName);
      if (!deployment) {
        throw new BotError('not_found', `No Airflow deployment is named "${deploymentName}".`, {
          details: { deployment: deploymentName },
        });
      }
      const client = createAirflowClient(deployment, deps);
      clients.set(deploymentName, client);
      return client;
    },
  };
}
