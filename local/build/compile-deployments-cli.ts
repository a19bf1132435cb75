/**
 * `npm run compile-deployments [source] [target]`: deployments.yaml (or PACKAGE_DEPLOYMENTS_FILE) → deployments.json, validated,
 * before packaging (see `compile-deployments.ts`). A build step: the functions only read the JSON.
 */
import { isBotError } from '../../src/errors';
import { compileDeployments } from './compile-deployments';
import { packagedRegistryFile } from './registry-check';

const [source = packagedRegistryFile(process.env), target = 'deployments.json'] = process.argv.slice(2);
try {
  const registry = compileDeployments({ source, target });
  process.stdout.write(`${target}: ${registry.deployments.length} deployment(s) from ${source}\n`);
} catch (error) {
  process.stderr.write(`${isBotError(error) ? error.userMessage : String(error)}\n`);
  process.exitCode = 1;
}
