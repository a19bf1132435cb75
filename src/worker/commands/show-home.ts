import { probeDeployment } from '../../airflow/deployment-probe';
import { loadOpenAlerts } from '../../alert-log/open-alerts';
import { asBotError } from '../../errors';
import type { WorkerJob } from '../../protocol/job';
import { homeTab } from '../../views/home-tab';
import { requesterOf } from '../resolve-target';
import type { WorkerDeps } from '../worker-deps';
import { surfacesOf } from './show-link';

/**
 * Each deployment is asked now, all at once, within this time (`deployments` allows 5 s): the Home
 * tab is opened often and in passing, and a slow deployment is shown as unreachable rather than
 * holding the others back.
 */
export const HOME_PROBE_TIMEOUT_MS = 2_000;
/** "Your last actions". */
export const HOME_ACTIONS_SHOWN = 10;

/**
 * `app_home_opened`: publishes the user's Home tab: the deployments they may read with their
 * health (asked now), the open alerts of those deployments (from the alert store), and their own
 * last 10 records of the audit trail. A part that cannot be read says so; the tab is still published.
 *
 * @throws `BotError('unavailable')` when Slack does not take the tab.
 */
export async function showHome(job: Extract<WorkerJob, { kind: 'home' }>, deps: WorkerDeps): Promise<void> {
  const ctx = job.slack;
  const readable = [];
  for (const deployment of deps.registry.deployments) {
    if (await deps.access.canRead(deployment, requesterOf(ctx))) readable.push(deployment);
  }
  const now = deps.clock();
  const [deployments, openAlerts, actions] = await Promise.all([
    Promise.all(
      readable.map(async (deployment) => ({
        name: deployment.name,
        displayName: deployment.displayName,
        ...(await probeDeployment(deps.airflow.get(deployment.name), { timeoutMs: HOME_PROBE_TIMEOUT_MS })),
      })),
    ),
    deps.alertLog === undefined
      ? undefined
      : loadOpenAlerts(deps.alertLog, readable, now).catch((error: unknown) => {
          deps.logger.warn({ err: asBotError(error).cause ?? error }, 'home tab: could not read the open alerts');
          return [];
        }),
    deps.audit.recentByUser(ctx.userId, HOME_ACTIONS_SHOWN).catch((error: unknown) => {
      deps.logger.warn({ err: asBotError(error).cause ?? error }, 'home tab: could not read the audit trail');
      return undefined;
    }),
  ]);
  const view = homeTab({
    slashCommand: deps.slashCommand,
    deployments,
    ...(openAlerts === undefined ? {} : { openAlerts }),
    ...(actions === undefined ? {} : { actions }),
    now,
  });
  await surfacesOf(deps).publishHome(ctx.userId, view);
}
