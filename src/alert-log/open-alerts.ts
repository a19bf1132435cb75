import type { DeploymentConfig } from '../config/types';
import type { AlertLog } from './alert-log';
import { isAcknowledged, isOpen } from './alert-record';
import { OPEN_LOOKBACK_MS } from './digest';

/** An alert not resolved yet, as the App Home lists it. */
export interface OpenAlert {
  deployment: string;
  deploymentDisplay: string;
  dagId: string;
  runId: string;
  /** Where the alert was posted. */
  channel: string;
  /** When the first failure reached the bot (milliseconds). */
  createdAt: number;
  /** Task instances listed on the alert still failing. */
  failing: number;
  acknowledged: boolean;
}

/**
 * The open (unresolved) alerts of `deployments`, read from the alert store through the day lists
 * of the channels their alerts go to (default channels and alert routes), over the last three
 * days; never from Airflow. Oldest first, each run once.
 *
 * @example
 * await loadOpenAlerts(alertLog, readableDeployments, Date.now())
 */
export async function loadOpenAlerts(
  log: Pick<AlertLog, 'listChannel' | 'read'>,
  deployments: readonly Pick<DeploymentConfig, 'name' | 'defaultChannels' | 'alertRoutes'>[],
  now: number,
): Promise<OpenAlert[]> {
  const names = new Set(deployments.map((deployment) => deployment.name));
  const channels = new Set(deployments.flatMap((deployment) => [...deployment.defaultChannels, ...(deployment.alertRoutes ?? []).map((route) => route.channel)]));
  const listed = await Promise.all([...channels].map((channel) => log.listChannel(channel, now - OPEN_LOOKBACK_MS, now)));
  const pks = [...new Set(listed.flatMap((list) => list.pks))];
  const records = pks.length === 0 ? [] : await log.read(pks);
  return records
    .map((record) => record.doc)
    .filter((doc) => isOpen(doc) && names.has(doc.key.deployment))
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((doc) => ({
      deployment: doc.key.deployment,
      deploymentDisplay: doc.deploymentDisplay,
      dagId: doc.key.dagId,
      runId: doc.key.runId,
      channel: doc.channel,
      createdAt: doc.createdAt,
      failing: doc.tasks.filter((task) => task.state === 'failed' || task.state === 'up_for_retry' || task.state === 'upstream_failed').length,
      acknowledged: isAcknowledged(doc),
    }));
}
