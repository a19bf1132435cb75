/**
 * Run by `npm run package` and `npm run deploy` before building: refuses to go on without a valid
 * registry to package (`deployments.yaml`, or the file `PACKAGE_DEPLOYMENTS_FILE` names).
 */
import { checkRegistryFile, packagedRegistryFile } from './registry-check';

const file = packagedRegistryFile(process.env);
try {
  const registry = checkRegistryFile(file);
  process.stdout.write(`${file}: ${registry.deployments.length} deployment(s), valid\n`);
} catch (error) {
  process.stderr.write(`Not packaging: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
