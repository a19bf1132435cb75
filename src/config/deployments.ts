import type { DeploymentConfig, DeploymentRegistry, SourceConfig } from './types';

/**
 * The deployment called `name`. Names are lowercase in the registry, so what a user types is
 * matched without regard to case.
 *
 * @example
 * const prod = findDeployment(registry, 'prod'); // undefined when there is none
 */
export function findDeployment(registry: DeploymentRegistry, name: string): DeploymentConfig | undefined {
  const wanted = name.toLowerCase();
  return registry.deployments.find((deployment) => deployment.name === wanted);
}

/**
 * The deployment that is the default in a Slack channel, if any. The registry guarantees at most
 * one.
 *
 * @example
 * const deployment = defaultDeploymentForChannel(registry, 'C0123ABCD');
 */
export function defaultDeploymentForChannel(registry: DeploymentRegistry, channelId: string): DeploymentConfig | undefined {
  return registry.deployments.find((deployment) => deployment.defaultChannels.includes(channelId));
}

/**
 * The webhook source called `name`, matched exactly: it comes from a URL path, not from a person.
 *
 * @example
 * const source = findSource(registry, 'dq-monitor'); // undefined when there is none
 */
export function findSource(registry: DeploymentRegistry, name: string): SourceConfig | undefined {
  return registry.sources?.find((source) => source.name === name);
}
