/**
 * Run by `npm run package` and `npm run deploy` before building, with the arguments given to
 * them: refuses to go on without a valid registry to package (`deployments.yaml`, or the file
 * `PACKAGE_DEPLOYMENTS_FILE` names) or without the parameters every function needs (`slackTeamIds`).
 */
import path from 'node:path';
import { checkRegistryFile, packagedRegistryFile } from './registry-check';
import { checkRequiredParams } from './required-params';

const file = packagedRegistryFile(process.env);
try {
  const registry = checkRegistryFile(file);
  checkRequiredParams(path.relative(process.cwd(), path.resolve(__dirname, '..', '..', 'serverless.yml')), process.argv.slice(2));
  process.stdout.write(`${file}: ${registry.deployments.length} deployment(s), valid\n`);
} catch (error) {
  process.stderr.write(`Not packaging or deploying: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
