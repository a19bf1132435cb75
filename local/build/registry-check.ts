import { existsSync } from 'node:fs';
import path from 'node:path';
import { BotError } from '../../src/errors';
import { loadDeployments } from '../../src/config/load-deployments';
import type { DeploymentRegistry } from '../../src/config/types';

/** The registry packaged with the functions, unless `PACKAGE_DEPLOYMENTS_FILE` names another. */
export const PACKAGED_REGISTRY_FILE = 'deployments.yaml';

/**
 * The file `npm run package` / `deploy` ship as the registry: `PACKAGE_DEPLOYMENTS_FILE`, or
 * `deployments.yaml`. `serverless.yml` reads the same variable.
 */
export function packagedRegistryFile(env: Readonly<Record<string, string | undefined>>): string {
  const chosen = env.PACKAGE_DEPLOYMENTS_FILE?.trim();
  return chosen === undefined || chosen === '' ? PACKAGED_REGISTRY_FILE : chosen;
}

/**
 * Validates the registry about to be packaged, with the same schema and messages as a cold start,
 * so a missing or broken registry stops the build instead of every function at its first request.
 *
 * @throws `BotError('config')` naming the file (and, for a bad entry, the deployment and field).
 * @example
 * checkRegistryFile('deployments.yaml'); // throws when it is missing or invalid
 */
export function checkRegistryFile(file: string): DeploymentRegistry {
  if (path.isAbsolute(file) || path.normalize(file).startsWith('..')) {
    throw new BotError(
      'config',
      `${file}: PACKAGE_DEPLOYMENTS_FILE must be a path inside the project, as the file is packaged at that path`,
    );
  }
  if (!existsSync(file)) {
    throw new BotError(
      'config',
      `${file} not found: the functions read their deployments from it. ` +
        `Copy deployments.example.yaml to ${PACKAGED_REGISTRY_FILE} and edit it, or set PACKAGE_DEPLOYMENTS_FILE to your registry.`,
    );
  }
  return loadDeployments({ env: { DEPLOYMENTS_FILE: file } });
}
