import { sourceSchema } from './sources-schema';
import type { DeploymentConfig, SourceConfig } from './types';
import { describeIssue } from './zod-issues';

/**
 * Validates the registry's `sources:` list and its links with the deployments: every source names
 * deployments that exist, and every deployment's `sourceActions` names sources that exist. Problems
 * are appended to `problems`, each naming the entry and the field.
 *
 * @returns the sources, or `undefined` when the document has no `sources` key.
 */
export function parseSources(raw: unknown, deployments: DeploymentConfig[], problems: string[]): SourceConfig[] | undefined {
  if (raw === undefined) {
    problems.push(...unknownSourceProblems(deployments, new Set()));
    return undefined;
  }
  if (!Array.isArray(raw)) {
    problems.push('sources: must be a list of webhook sources');
    return undefined;
  }
  const sources: SourceConfig[] = [];
  raw.forEach((entry: unknown, index) => {
    const parsed = sourceSchema.safeParse(entry);
    if (parsed.success) sources.push(parsed.data);
    else problems.push(...parsed.error.issues.map((issue) => `${sourceLabel(entry, index)}: ${describeIssue(issue)}`));
  });
  const deploymentNames = new Set(deployments.map((deployment) => deployment.name));
  const seen = new Map<string, number>();
  sources.forEach((source, index) => {
    const label = sourceLabel(source, index);
    const earlier = seen.get(source.name);
    if (earlier === undefined) seen.set(source.name, index);
    else problems.push(`${label}: name: "${source.name}" is already the name of source #${earlier + 1}`);
    for (const name of source.deployments) {
      if (!deploymentNames.has(name)) problems.push(`${label}: deployments: no deployment is named "${name}"`);
    }
  });
  problems.push(...unknownSourceProblems(deployments, new Set(seen.keys())));
  return sources;
}

function unknownSourceProblems(deployments: DeploymentConfig[], sourceNames: Set<string>): string[] {
  return deployments.flatMap((deployment) =>
    Object.keys(deployment.sourceActions ?? {})
      .filter((name) => !sourceNames.has(name))
      .map((name) => `deployment "${deployment.name}": sourceActions: no source is named "${name}" (see sources:)`),
  );
}

/** `source "dq-monitor" (#2)`, or `source #2` when the entry has no usable name. */
function sourceLabel(entry: unknown, index: number): string {
  const name = typeof entry === 'object' && entry !== null && 'name' in entry ? entry.name : undefined;
  return typeof name === 'string' && name.length > 0 && name.length <= 64
    ? `source ${JSON.stringify(name)} (#${index + 1})`
    : `source #${index + 1}`;
}
