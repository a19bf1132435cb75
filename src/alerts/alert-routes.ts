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
  const route = (deployment.alertRoutes ?? []).find((candidate) => matchesGlob(candidate.dags, dagId));
  if (route !== undefined) return destinationOf(route);
  const fallback = deployment.defaultChannels[0];
  return fallback === undefined ? undefined : { channel: fallback };
}

function destinationOf(route: AlertRoute): AlertDestination {
  return route.mention === undefined ? { channel: route.channel } : { channel: route.channel, mention: route.mention };
}

/**
 * A DAG id glob: `*` is any run of characters, `?` one character, everything else itself. Written
 * here rather than taken from a path-glob library: DAG ids have no path separators or brace sets,
 * and a path glob's rules (a `*` that stops at `/`, dotfiles) would only surprise.
 */
export function matchesGlob(glob: string, text: string): boolean {
  const pattern = [...glob]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`, 'su').test(text);
}
