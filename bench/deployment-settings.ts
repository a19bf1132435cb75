import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';
import { parse } from 'yaml';

/** The functions of `serverless.yml` the bench measures. */
export const FUNCTIONS = ['slackEvents', 'worker', 'alerts'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/** How `serverless.yml` builds and runs the functions. */
export interface DeploymentSettings {
  /** esbuild options of `custom.esbuild` that esbuild itself understands. */
  esbuild: BuildOptions;
  /** The project's esbuild plugins (`custom.esbuild.plugins`), none when unset. */
  plugins: Plugin[];
  /** Each function's handler file inside its zip, and the `NODE_OPTIONS` and `DEPLOYMENTS_FILE` it runs with. */
  functions: Record<FunctionName, { handlerFile: string; nodeOptions: string | undefined; deploymentsFile: string | undefined }>;
}

/** serverless-esbuild's own options, which esbuild would refuse. */
const SERVERLESS_ESBUILD_ONLY = new Set(['exclude', 'packager', 'plugins', 'concurrency', 'installExtraArgs', 'nativeZip', 'watch', 'keepOutputDirectory', 'packagerOptions', 'outputFileExtension', 'disposeContext', 'skipBuild', 'skipRebuild', 'stripEntryResolveExtensions', 'external', 'zipConcurrency']);

/**
 * Reads `serverless.yml` (CloudFormation tags such as `!Sub` are left as text), so that the bench
 * builds and runs bundles exactly as they are deployed.
 */
export function readDeploymentSettings(root: string): DeploymentSettings {
  const doc = parse(readFileSync(path.join(root, 'serverless.yml'), 'utf8'), { logLevel: 'silent' }) as ServerlessYml;
  const custom = doc.custom?.esbuild ?? {};
  const esbuild = Object.fromEntries(Object.entries(custom).filter(([key]) => !SERVERLESS_ESBUILD_ONLY.has(key))) as BuildOptions;
  const pluginsFile = custom.plugins;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- serverless-esbuild loads it the same way
  const plugins = typeof pluginsFile === 'string' ? (require(path.join(root, pluginsFile)) as Plugin[]) : [];
  const functions = {} as DeploymentSettings['functions'];
  for (const name of FUNCTIONS) {
    const definition = doc.functions[name];
    if (definition === undefined) throw new Error(`serverless.yml has no function "${name}"`);
    const handlerFile = `${definition.handler.replace(/\.[^.]+$/, '')}.js`;
    const variable = (key: string) => definition.environment?.[key] ?? doc.provider.environment?.[key];
    functions[name] = { handlerFile, nodeOptions: variable('NODE_OPTIONS'), deploymentsFile: variable('DEPLOYMENTS_FILE') };
  }
  return { esbuild, plugins, functions };
}

interface ServerlessYml {
  provider: { environment?: Record<string, string> };
  custom?: { esbuild?: Record<string, unknown> & { plugins?: unknown } };
  functions: Record<string, { handler: string; environment?: Record<string, string> } | undefined>;
}
