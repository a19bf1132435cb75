import { BotError } from '../errors';
import { deploymentSchema } from './deployments-schema';
import { parseSources } from './parse-sources';
import type { DeploymentConfig, DeploymentRegistry } from './types';
import { describeIssue } from './zod-issues';

/**
 * Validates a parsed registry document: a list of deployments, or an object whose `deployments` key
 * is that list (and whose optional `sources` key lists the webhook sources). Every entry goes
 * through `deploymentSchema`, then the checks that span entries: names are unique, a channel is the
 * default of at most one deployment, and sources name deployments that exist (and the reverse).
 *
 * @param raw - the document, as `yaml` or `JSON.parse` returned it.
 * @param source - where it came from (a path, `DEPLOYMENTS_JSON`…), to begin every message with.
 * @throws `BotError('config')` listing every problem, each naming the deployment and the field:
 *   `deployments.yaml: deployment "prod" (#2): auth: must be one of basic, password, bearer`.
 * @example
 * const registry = parseDeployments(YAML.parse(text), 'deployments.yaml');
 */
export function parseDeployments(raw: unknown, source: string): DeploymentRegistry {
  const entries = deploymentList(raw);
  if (entries === undefined) {
    throw configError(source, ['must be a list of deployments, or an object with a "deployments" list']);
  }
  if (entries.length === 0) throw configError(source, ['lists no deployments']);

  const problems: string[] = [];
  const deployments: DeploymentConfig[] = [];
  entries.forEach((entry, index) => {
    const parsed = deploymentSchema.safeParse(entry);
    if (parsed.success) deployments.push(parsed.data);
    else problems.push(...parsed.error.issues.map((issue) => `${entryLabel(entry, index)}: ${describeIssue(issue)}`));
  });
  // Cross-entry checks only make sense once every entry is well formed.
  if (problems.length === 0) problems.push(...crossEntryProblems(deployments));
  const sources = parseSources(sourceList(raw), deployments, problems);
  if (problems.length > 0) throw configError(source, problems);
  return sources === undefined ? { deployments, source } : { deployments, sources, source };
}

function sourceList(raw: unknown): unknown {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'sources' in raw ? raw.sources : undefined;
}

function deploymentList(raw: unknown): unknown[] | undefined {
  if (Array.isArray(raw)) return raw;
  if (typeof raw === 'object' && raw !== null && 'deployments' in raw && Array.isArray(raw.deployments)) {
    const extraKeys = Object.keys(raw).filter((key) => key !== 'deployments' && key !== 'sources');
    return extraKeys.length === 0 ? raw.deployments : undefined;
  }
  return undefined;
}

/** `deployment "prod" (#2)`, or `deployment #2` when the entry has no usable name. */
function entryLabel(entry: unknown, index: number): string {
  const name = typeof entry === 'object' && entry !== null && 'name' in entry ? entry.name : undefined;
  const position = `#${index + 1}`;
  return typeof name === 'string' && name.length > 0 && name.length <= 64
    ? `deployment ${JSON.stringify(name)} (${position})`
    : `deployment ${position}`;
}

function crossEntryProblems(deployments: DeploymentConfig[]): string[] {
  const problems: string[] = [];
  const firstByName = new Map<string, number>();
  const defaultOf = new Map<string, DeploymentConfig>();
  deployments.forEach((deployment, index) => {
    const label = entryLabel(deployment, index);
    const earlier = firstByName.get(deployment.name);
    if (earlier === undefined) firstByName.set(deployment.name, index);
    else problems.push(`${label}: name: "${deployment.name}" is already the name of deployment #${earlier + 1}`);

    for (const channel of new Set(deployment.defaultChannels)) {
      const owner = defaultOf.get(channel);
      if (owner === undefined) defaultOf.set(channel, deployment);
      else {
        problems.push(
          `${label}: defaultChannels: channel ${channel} is already the default of deployment "${owner.name}"; a channel has at most one default deployment`,
        );
      }
    }
  });
  return problems;
}

function configError(source: string, problems: string[]): BotError {
  return new BotError('config', `${source}: ${problems.join('; ')}`, { details: { source, problems } });
}
