import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { FUNCTIONS, type DeploymentSettings, type FunctionName } from './deployment-settings';

const run = promisify(execFile);

/** One function's bundle as it sits in its deployment zip. */
export interface PackagedBundle {
  file: string;
  /** Size of the bundled JavaScript file, in bytes. */
  bytes: number;
  /** Size of the zip Lambda downloads, in bytes. */
  zipBytes: number;
}

/**
 * `npm run package` (osls and serverless-esbuild, offline) into `out`, then each function's zip
 * unpacked, so the bench loads the very files Lambda would. Without a `deployments.yaml` the
 * example registry stands in for the time of the packaging (the bench runs the functions with its
 * own registry), and what packaging compiled from it is removed afterwards.
 */
export async function packageFunctions(root: string, out: string, settings: DeploymentSettings): Promise<Record<FunctionName, PackagedBundle>> {
  const registry = path.join(root, 'deployments.yaml');
  const compiled = path.join(root, 'deployments.json');
  const borrowed = !existsSync(registry);
  const hadCompiled = existsSync(compiled);
  if (borrowed) copyFileSync(path.join(root, 'deployments.example.yaml'), registry);
  const artifacts = path.join(out, 'artifacts');
  try {
    await run('npm', ['run', 'package', '--', '--package', artifacts], { cwd: root, env: process.env, maxBuffer: 16 * 2 ** 20 });
  } finally {
    if (borrowed) rmSync(registry);
    if (borrowed && !hadCompiled) rmSync(compiled, { force: true });
  }
  const bundles = {} as Record<FunctionName, PackagedBundle>;
  for (const name of FUNCTIONS) {
    const zip = path.join(artifacts, `${name}.zip`);
    const dir = path.join(out, name);
    mkdirSync(dir, { recursive: true });
    await run('unzip', ['-q', '-o', zip, '-d', dir]);
    const file = path.join(dir, settings.functions[name].handlerFile);
    bundles[name] = { file, bytes: statSync(file).size, zipBytes: statSync(zip).size };
  }
  return bundles;
}
