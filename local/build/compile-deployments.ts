import { readFileSync, writeFileSync } from 'node:fs';
import { readDeploymentsDocument } from '../../src/config/load-deployments';
import { parseDeployments } from '../../src/config/parse-deployments';
import type { DeploymentRegistry } from '../../src/config/types';

export interface CompileDeploymentsOptions {
  /** The registry as written: YAML (or JSON). */
  source: string;
  /** The JSON file the functions read (`DEPLOYMENTS_FILE` in serverless.yml). */
  target: string;
  readFile?: (path: string) => string;
  writeFile?: (path: string, text: string) => void;
}

/**
 * Validates the deployments registry and writes it as JSON, at package time, so that the deployed
 * functions read it without loading a YAML parser on their cold start. It is the JSON form that is
 * validated, so the file written is exactly one the functions accept; the functions validate it
 * again when they load it.
 *
 * @throws `BotError('config')` naming the file, the deployment and the field; nothing is written.
 * @example
 * compileDeployments({ source: 'deployments.yaml', target: 'deployments.json' });
 */
export function compileDeployments(options: CompileDeploymentsOptions): DeploymentRegistry {
  const readFile = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const writeFile = options.writeFile ?? ((path: string, text: string) => writeFileSync(path, text));
  const json = JSON.stringify(readDeploymentsDocument(options.source, readFile), null, 2);
  const registry = parseDeployments(JSON.parse(json), options.source);
  writeFile(options.target, `${json}\n`);
  return registry;
}
