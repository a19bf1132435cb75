import { alertRouteFor } from '../config/alert-routes';
import type { AlertRoute, DeploymentConfig } from '../config/types';

/** Where one run's alert goes. */
export interface AlertDestination {
  channel: string;
  /** User group mentioned on the first failure of the run. */
  mention?: string;
}

/**
 * The channel (and mention) for alerts of `dagId`: the first of the deployment's `alertRoutes`
 * whose glob matches, else its first default channel; `undefined` when it has neither.
 *
 * @example
 * routeAlert({ ...deployment, alertRoutes: [{ dags: 'etl_*', channel: 'C1', mention: 'S1' }] }, 'etl_daily')
 * // { channel: 'C1', mention: 'S1' }
 */
export function routeAlert(deployment: Pick<DeploymentConfig, 'alertRoutes' | 'defaultChannels'>, dagId: string): AlertDestination | undefined {
  const route = alertRouteFor(deployment, dagId);
  if (route !== undefined) return destinationOf(route);
  const fallback = deployment.defaultChannels[0];
  return fallback === undefined ? undefined : { channel: fallback };
}

function destinationOf(route: AlertRoute): AlertDestination {
  return route.mention === undefined ? { channel: route.channel } : { channel: route.channel, mention: route.mention };
}
