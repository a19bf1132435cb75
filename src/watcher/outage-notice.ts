import type { DeploymentConfig } from '../config/types';
import { formatDuration, formatTimestamp } from '../views/format-time';
import { inlineCode } from '../views/mrkdwn-code';
import { escapeMrkdwn } from '../views/mrkdwn-escape';

const REASON_MAX = 300;

/**
 * Where a deployment's outage notice goes: its first default channel, else the channel of its
 * first alert route (where its alerts go); `undefined` when it has neither.
 */
export function noticeChannel(deployment: Pick<DeploymentConfig, 'defaultChannels' | 'alertRoutes'>): string | undefined {
  return deployment.defaultChannels[0] ?? deployment.alertRoutes?.[0]?.channel;
}

/**
 * `:warning: Cannot reach *Production EU* (`prod-eu`) since <date>: <reason>`.
 *
 * @example
 * outageText({ name: 'prod-eu', displayName: 'Production EU' }, Date.parse('2026-01-01T00:00:00Z'), 'prod-eu: Airflow did not answer')
 */
export function outageText(deployment: Pick<DeploymentConfig, 'name' | 'displayName'>, since: number, reason: string): string {
  return (
    `:warning: Cannot reach ${deploymentLabel(deployment)} since ${formatTimestamp(new Date(since).toISOString())}: ` +
    `${escapeMrkdwn(reason, REASON_MAX)}\nThe watcher keeps asking; failures from that time are alerted once it answers.`
  );
}

/** The same notice once the deployment answers again: how long it could not be reached. */
export function recoveredText(deployment: Pick<DeploymentConfig, 'name' | 'displayName'>, since: number, now: number): string {
  const from = formatTimestamp(new Date(since).toISOString());
  const to = formatTimestamp(new Date(now).toISOString());
  return (
    `:white_check_mark: ${deploymentLabel(deployment)} answers again. It could not be reached from ${from} to ${to} ` +
    `(${formatDuration((now - since) / 1000)}).`
  );
}

function deploymentLabel(deployment: Pick<DeploymentConfig, 'name' | 'displayName'>): string {
  return `*${escapeMrkdwn(deployment.displayName, 80)}* (${inlineCode(deployment.name, 40)})`;
}
