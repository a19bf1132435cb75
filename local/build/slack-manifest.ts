import { parseDocument } from 'yaml';
import { BotError } from '../../src/errors';
import type { DeploymentRegistry } from '../../src/config/types';

/** Slack takes at most this many unfurl domains in an app manifest. */
export const UNFURL_DOMAINS_MAX = 5;

/**
 * The hosts Slack should send `link_shared` for: each deployment's Airflow UI host, once, in the
 * registry's order. Loopback and bare IP addresses are left out (Slack unfurls only public domain
 * names); the bot itself still checks host and base path of every link it is sent.
 *
 * @throws `BotError('config')` when more than {@link UNFURL_DOMAINS_MAX} hosts remain.
 * @example
 * unfurlDomains(registry) // ['airflow.prod-eu.example.com', 'airflow-legacy.example.com']
 */
export function unfurlDomains(registry: Pick<DeploymentRegistry, 'deployments' | 'source'>): string[] {
  const hosts = [...new Set(registry.deployments.map((deployment) => new URL(deployment.uiUrl).hostname.toLowerCase()))].filter(
    (host) => host !== 'localhost' && !/^[\d.]+$/.test(host) && !host.startsWith('['),
  );
  if (hosts.length > UNFURL_DOMAINS_MAX) {
    throw new BotError(
      'config',
      `${registry.source}: the deployments' Airflow UIs are on ${hosts.length} hosts, and a Slack app unfurls links of at most ${UNFURL_DOMAINS_MAX} domains (${hosts.join(', ')}).`,
    );
  }
  return hosts;
}

/**
 * The Slack app manifest to paste, from the checked-in one (`slack-app-manifest.yaml`, comments
 * kept) with `features.unfurl_domains` set to the registry's UI hosts, or removed when there are none.
 *
 * @throws `BotError('config')` as {@link unfurlDomains} does.
 */
export function slackAppManifest(manifestYaml: string, registry: Pick<DeploymentRegistry, 'deployments' | 'source'>): string {
  const document = parseDocument(manifestYaml);
  const domains = unfurlDomains(registry);
  if (domains.length === 0) document.deleteIn(['features', 'unfurl_domains']);
  else document.setIn(['features', 'unfurl_domains'], document.createNode(domains));
  return document.toString({ lineWidth: 0 });
}
