import type { AlertRoute, DeploymentConfig } from './types';

/**
 * The first of the deployment's `alertRoutes` whose glob matches `dagId`, or `undefined`. The one
 * rule of "which route does a run follow", read by the alert feature (where to post) and the
 * on-call loop (when to remind).
 *
 * @example
 * alertRouteFor({ alertRoutes: [{ dags: 'etl_*', channel: 'C1' }] }, 'etl_daily') // { dags: 'etl_*', channel: 'C1' }
 */
export function alertRouteFor(deployment: Pick<DeploymentConfig, 'alertRoutes'>, dagId: string): AlertRoute | undefined {
  return (deployment.alertRoutes ?? []).find((candidate) => matchesGlob(candidate.dags, dagId));
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
