/**
 * Which registry and secrets a local run uses: the user's own (`DEPLOYMENTS_FILE`,
 * `LOCAL_CREDENTIALS_FILE`) when given, the demo registry otherwise; and which demo Airflows that
 * registry actually points at, so only those are started.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_DEPLOYMENTS } from '../src/config/default-deployments';
import type { DeploymentRegistry } from '../src/config/types';
import { BotError } from '../src/errors';
import type { LocalPorts } from './local-settings';

export type DemoDialect = 'v1' | 'v2';

/** The demo Airflows' one user (the demo's defaults). */
export const DEMO_USER = { username: 'admin', password: 'admin' } as const;

/** The secret ids of the demo deployments, as the demo registry names them. */
const DEMO_SECRET_IDS: Record<DemoDialect, string> = { v1: 'local/demo-v1', v2: 'local/demo-v2' };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The demo Airflows a user's registry points at: a deployment on loopback at a demo's port.
 *
 * @example
 * demosUsedBy(registry, { demoAirflowV1: 8081, demoAirflowV2: 8082, … }) // ['v2']
 */
export function demosUsedBy(registry: DeploymentRegistry, ports: Pick<LocalPorts, 'demoAirflowV1' | 'demoAirflowV2'>): DemoDialect[] {
  const used = new Set<DemoDialect>();
  for (const deployment of registry.deployments) {
    const url = new URL(deployment.apiUrl);
    if (!LOOPBACK_HOSTS.has(url.hostname)) continue;
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    if (port === ports.demoAirflowV1) used.add('v1');
    if (port === ports.demoAirflowV2) used.add('v2');
  }
  return (['v1', 'v2'] as const).filter((dialect) => used.has(dialect));
}

/** Where a webhook source's secret is found in the local credentials file. */
export function localSourceSecretId(source: string): string {
  return `local/source-${source}`;
}

/**
 * The bundled demo registry, pointed at wherever the demos actually listen, with the demo webhook
 * source allowed every action on every demo deployment.
 */
export function demoRegistry(urls: Record<DemoDialect, string>, webhookSource: string): { deployments: Record<string, unknown>[]; sources: Record<string, unknown>[] } {
  const { deployments } = DEFAULT_DEPLOYMENTS as { deployments: { name: string; apiUrl: string }[] };
  return {
    deployments: deployments.map((deployment) => ({
      ...deployment,
      apiUrl: deployment.name === 'demo-v1' ? urls.v1 : urls.v2,
      sourceActions: { [webhookSource]: ['read', 'note', 'mark', 'clear'] },
    })),
    sources: [
      { name: webhookSource, secretId: localSourceSecretId(webhookSource), deployments: deployments.map((deployment) => deployment.name) },
    ],
  };
}

/**
 * The secrets of a local run: the user's file as it is (when given), the demo user for each demo
 * started whose secret the file lacks, and the local Slack secret the bot needs.
 *
 * @throws BotError('config') naming the file when it cannot be read or is not a JSON object.
 */
export function localSecrets(options: {
  credentialsFile?: string;
  demos: readonly DemoDialect[];
  slack: { signing_secret: string; bot_token: string };
  slackSecretId: string;
  /** The demo webhook source and its `whsec_` secret, with the demo registry only. */
  webhookSource?: { name: string; secret: string };
}): Record<string, unknown> {
  const user = options.credentialsFile === undefined ? {} : readSecretsFile(options.credentialsFile);
  const demo = Object.fromEntries(options.demos.map((dialect) => [DEMO_SECRET_IDS[dialect], DEMO_USER]));
  const source = options.webhookSource
    ? { [localSourceSecretId(options.webhookSource.name)]: { secrets: [options.webhookSource.secret] } }
    : {};
  return { ...demo, ...source, ...user, [options.slackSecretId]: options.slack };
}

function readSecretsFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? ` (${String(error.code)})` : '';
    throw new BotError('config', `${file}: cannot read the local credentials file (LOCAL_CREDENTIALS_FILE)${code}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BotError('config', `${file}: the local credentials file (LOCAL_CREDENTIALS_FILE) is not valid JSON`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BotError('config', `${file}: the local credentials file (LOCAL_CREDENTIALS_FILE) must be a JSON object of secret id → secret`);
  }
  return parsed as Record<string, unknown>;
}
