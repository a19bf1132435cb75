import type { DeploymentRegistry } from '../config/types';
import { asBotError } from '../errors';
import { isWatched, watchDeployment, type WatchDeps, type WatchOutcome } from './watch-deployment';

/** What one tick did, deployment by deployment; `failed` when the watch state itself failed. */
export type TickOutcome = WatchOutcome | { deployment: string; outcome: 'failed'; reason: string };

/**
 * One tick of the watcher: every deployment with `watch: true` and, when `deps.hitl` is set, every
 * one that may speak Airflow 3 (for its human-in-the-loop requests), `settings.concurrency` at a time.
 * A deployment whose tick fails (its watch state unreadable) does not stop the others.
 *
 * @example
 * const outcomes = await watchTick(registry, deps); // [{ deployment: 'prod', outcome: 'watched', tasks: 0, reported: 0, runs: 0 }]
 */
export async function watchTick(registry: DeploymentRegistry, deps: WatchDeps): Promise<TickOutcome[]> {
  const watched = registry.deployments.filter((deployment) => isWatched(deployment, deps));
  return mapConcurrently(watched, deps.settings.concurrency, async (deployment): Promise<TickOutcome> => {
    try {
      return await watchDeployment(deployment, deps);
    } catch (error) {
      deps.logger.error({ deployment: deployment.name, err: error }, 'watcher: the tick failed for this deployment');
      return { deployment: deployment.name, outcome: 'failed', reason: asBotError(error).userMessage };
    }
  });
}

/** `work` over `items`, at most `limit` at a time, results in the items' order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let nextIndex = 0;
  const worker = async (): Promise<void> => {
    while (nextIndex < items.length) {
      const index = nextIndex;
      nextIndex += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
