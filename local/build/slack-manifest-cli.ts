/**
 * `npm run slack-manifest [registry]`: prints the Slack app manifest to paste, with the unfurl
 * domains of the registry (deployments.yaml, or PACKAGE_DEPLOYMENTS_FILE) (see `slack-manifest.ts`).
 */
import { readFileSync } from 'node:fs';
import { readDeploymentsDocument } from '../../src/config/load-deployments';
import { parseDeployments } from '../../src/config/parse-deployments';
import { isBotError } from '../../src/errors';
import { packagedRegistryFile } from './registry-check';
import { slackAppManifest } from './slack-manifest';

const [source = packagedRegistryFile(process.env)] = process.argv.slice(2);
try {
  const registry = parseDeployments(readDeploymentsDocument(source, (path) => readFileSync(path, 'utf8')), source);
  process.stdout.write(slackAppManifest(readFileSync('slack-app-manifest.yaml', 'utf8'), registry));
} catch (error) {
  process.stderr.write(`${isBotError(error) ? error.userMessage : String(error)}\n`);
  process.exitCode = 1;
}
