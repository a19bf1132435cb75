import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import lambdaBundlePlugins from '../../bundling/lambda-bundle.cjs';
import { readDeploymentSettings } from '../../bench/deployment-settings';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The inputs of a handler's bundle, built with serverless.yml's esbuild options (plugins included
 * unless `withoutPlugins`), and the Node built-ins it imports.
 */
async function bundleInputs(handler: string, options: { withoutPlugins?: boolean } = {}): Promise<string[]> {
  const settings = readDeploymentSettings(ROOT);
  const result = await build({
    ...settings.esbuild,
    plugins: options.withoutPlugins === true ? [] : settings.plugins,
    entryPoints: [path.join(ROOT, handler)],
    outdir: path.join(ROOT, '.esbuild', 'bundle-content-test'),
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  return inputsOf(result.metafile);
}

function inputsOf(metafile: Metafile): string[] {
  const builtins = Object.values(metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path));
  return [...Object.keys(metafile.inputs), ...new Set(builtins)];
}

/** The cut paths and built-ins a bundle holds again. */
function cutPathsIn(inputs: string[]): string[] {
  const paths = lambdaBundlePlugins.CUT_PATHS.filter((cut) => inputs.some((input) => input.includes(cut)));
  const builtins = lambdaBundlePlugins.CUT_BUILTINS.filter((cut) => inputs.includes(cut));
  return [...paths, ...builtins];
}

describe('the Lambda bundles', () => {
  it('are built with the plugins serverless.yml names', () => {
    expect(readDeploymentSettings(ROOT).plugins).toBe(lambdaBundlePlugins);
  });

  it('leave out of the Slack-facing bundle every module cut as unused in a Lambda', async () => {
    const inputs = await bundleInputs('handlers/slack-events.ts');
    expect(inputs.some((input) => input.includes('node_modules/@slack/bolt/dist/receivers/AwsLambdaReceiver.js'))).toBe(true);
    expect(cutPathsIn(inputs)).toEqual([]);
  });

  it('leave them out of the worker and alerts bundles too', async () => {
    expect(cutPathsIn(await bundleInputs('handlers/worker.ts'))).toEqual([]);
    expect(cutPathsIn(await bundleInputs('handlers/alerts.ts'))).toEqual([]);
  });

  it.each(['ExpressReceiver', 'HTTPReceiver', 'SocketModeReceiver', 'MemoryInstallationStore'])(
    'replace %s with a stub that fails loudly when it is used',
    async (name) => {
      const settings = readDeploymentSettings(ROOT);
      const result = await build({
        ...settings.esbuild,
        sourcemap: false,
        plugins: settings.plugins,
        stdin: { contents: `import { ${name} } from '@slack/bolt'; new ${name}({ signingSecret: 'x' });`, resolveDir: ROOT, loader: 'ts' },
        write: false,
        logLevel: 'error',
      });
      const script = result.outputFiles[0]!.text;
      const run = () => execFileSync(process.execPath, ['-'], { input: script, encoding: 'utf8', stdio: 'pipe' });
      expect(run).toThrow(/is not part of this Lambda bundle \(see bundling\/lambda-bundle\.cjs\)/);
    },
  );

  it('would hold them all again without the plugins, which is what the check above catches', async () => {
    const inputs = await bundleInputs('handlers/slack-events.ts', { withoutPlugins: true });
    expect(cutPathsIn(inputs)).toEqual([...lambdaBundlePlugins.CUT_PATHS, 'node:http2']);
  });
});
