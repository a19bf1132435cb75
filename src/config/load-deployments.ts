import { readFileSync } from 'node:fs';
import nodePath from 'node:path';
import { BotError } from '../errors';
import { DEFAULT_DEPLOYMENTS, DEFAULT_DEPLOYMENTS_SOURCE } from './default-deployments';
import { parseDeployments } from './parse-deployments';
import type { DeploymentRegistry } from './types';

export { defaultDeploymentForChannel, findDeployment } from './deployments';

export interface LoadDeploymentsOptions {
  env: NodeJS.ProcessEnv;
  /** Reads a UTF-8 file; `fs.readFileSync` when absent. */
  readFile?: (path: string) => string;
  /**
   * The folder a relative `DEPLOYMENTS_FILE` is read from: the function's package, wherever the
   * process was started. The working directory when absent.
   */
  baseDir?: string;
}

/**
 * Reads and validates the deployments registry, once, at cold start:
 * - `DEPLOYMENTS_FILE`: path of a YAML or JSON file (YAML is a superset of JSON; a `.json` file is
 *   read as JSON alone, which is how the deployed functions read the registry);
 * - `DEPLOYMENTS_JSON`: the registry inline, handy in a Lambda environment;
 * - neither: the bundled demo deployments (`default-deployments.ts`).
 *
 * @throws `BotError('config')` naming the source, the deployment and the field, when both
 *   variables are set, when the file cannot be read or parsed, or when an entry is invalid.
 * @example
 * const registry = loadDeployments({ env: process.env });
 */
export function loadDeployments(options: LoadDeploymentsOptions): DeploymentRegistry {
  const file = nonEmpty(options.env.DEPLOYMENTS_FILE);
  const inline = nonEmpty(options.env.DEPLOYMENTS_JSON);
  if (file !== undefined && inline !== undefined) {
    throw new BotError('config', 'DEPLOYMENTS_FILE and DEPLOYMENTS_JSON are both set; set only one of them');
  }
  if (file !== undefined) {
    const located = options.baseDir === undefined ? file : nodePath.resolve(options.baseDir, file);
    // Messages name the file as configured; it is read where the package is.
    const readFile = options.readFile ?? readUtf8;
    return parseDeployments(parseFile(file, () => readFile(located)), file);
  }
  if (inline !== undefined) return parseDeployments(parseInline(inline), 'DEPLOYMENTS_JSON');
  return parseDeployments(DEFAULT_DEPLOYMENTS, DEFAULT_DEPLOYMENTS_SOURCE);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function readUtf8(path: string): string {
  return readFileSync(path, 'utf8');
}

/**
 * The registry document of a YAML or JSON file, parsed but not yet validated.
 *
 * @throws `BotError('config')` naming the path when the file cannot be read or parsed.
 */
export function readDeploymentsDocument(path: string, readFile: (path: string) => string = readUtf8): unknown {
  return parseFile(path, readFile);
}

function parseFile(path: string, readFile: (path: string) => string): unknown {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? ` (${String(error.code)})` : '';
    throw new BotError('config', `${path}: cannot read the deployments file (DEPLOYMENTS_FILE)${code}`, { cause: error });
  }
  if (path.endsWith('.json')) return parseJsonFile(path, text);
  try {
    return yamlParser()(text, { prettyErrors: true });
  } catch (error) {
    throw new BotError('config', `${path}: not valid YAML or JSON${yamlPosition(error)}`, { cause: error });
  }
}

function parseJsonFile(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BotError('config', `${path}: not valid JSON`, { cause: error });
  }
}

/**
 * The YAML parser, loaded on first use: the deployed functions read the registry as JSON
 * (`npm run compile-deployments`), so a cold start never runs the YAML library's set-up.
 */
function yamlParser(): typeof import('yaml').parse {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
  return (require('yaml') as typeof import('yaml')).parse;
}

function parseInline(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BotError('config', 'DEPLOYMENTS_JSON: not valid JSON', { cause: error });
  }
}

/** ` (line 3, column 7)` from a `yaml` parse error, when it says where. */
function yamlPosition(error: unknown): string {
  if (typeof error !== 'object' || error === null || !('linePos' in error) || !Array.isArray(error.linePos)) return '';
  const start: unknown = error.linePos[0];
  if (typeof start !== 'object' || start === null || !('line' in start) || !('col' in start)) return '';
  return ` (line ${String(start.line)}, column ${String(start.col)})`;
}
