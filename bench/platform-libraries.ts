/**
 * `npx tsx bench/platform-libraries.ts`: what each managed platform's library costs in the worker
 * bundle (esbuild, minified as deployed). Prints figures; asserts nothing.
 *
 * - the worker as built;
 * - without `@aws-sdk/client-mwaa` (MWAA's `CreateWebLoginToken`), replaced by an empty module:
 *   the difference is what MWAA support costs;
 * - with `google-auth-library`'s JWT client added: what Composer would cost had it used that
 *   library instead of its own JWT bearer grant on `node:crypto`.
 */
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
const WORKER = path.join(ROOT, 'handlers/worker.ts');

async function bundleSize(contents: string, plugins: Plugin[] = []): Promise<number> {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    keepNames: true,
    write: false,
    logLevel: 'error',
    plugins,
  });
  return result.outputFiles[0]!.contents.byteLength;
}

/** Resolves a package to an empty module, as if it were not a dependency. */
function without(packageName: string): Plugin {
  return {
    name: `without-${packageName}`,
    setup(builder) {
      builder.onResolve({ filter: new RegExp(`^${packageName.replace('/', '\\/')}$`) }, () => ({ path: packageName, namespace: 'empty' }));
      builder.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
    },
  };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

async function main(): Promise<void> {
  const entry = `export * from ${JSON.stringify(WORKER)};`;
  const worker = await bundleSize(entry);
  const withoutMwaa = await bundleSize(entry, [without('@aws-sdk/client-mwaa')]);
  const withGoogleAuth = await bundleSize(`${entry}\nexport { JWT } from 'google-auth-library';`);
  console.log('Worker bundle (esbuild, cjs, node22, minified as deployed)');
  console.log(`  as built                                   ${kib(worker)}`);
  console.log(`  without @aws-sdk/client-mwaa               ${kib(withoutMwaa)}   (MWAA costs ${kib(worker - withoutMwaa)})`);
  console.log(`  with google-auth-library's JWT client      ${kib(withGoogleAuth)}   (it would cost ${kib(withGoogleAuth - worker)}; Composer uses node:crypto instead)`);
}

void main();
