import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { clearSourceMaps, sourceMappedStack } from '../../src/logging/source-mapped-stack';
import { collectingLogger } from '../audit/collecting-logger';

/** A module whose error is thrown on line 6 (column 9) of its TypeScript. */
const FAILING_SOURCE = `export function handler(): never {
  return failDeep('boom');
}

function failDeep(message: string): never {
  throw new Error(message);
}
`;

let dir: string;

/** Bundles `src/failing.ts` like a Lambda bundle and returns the stack it throws, unmapped, from plain Node. */
function bundledStack(options: { sourcemap: boolean; outdir?: string }): { stack: string; bundle: string } {
  const outdir = path.join(dir, options.outdir ?? 'handlers');
  const bundle = path.join(outdir, 'failing.js');
  buildSync({
    entryPoints: [path.join(dir, 'src/failing.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    minify: true,
    keepNames: true,
    sourcemap: options.sourcemap,
    sourcesContent: false,
    logLevel: 'error',
  });
  const script = `try { require(${JSON.stringify(bundle)}).handler() } catch (e) { process.stdout.write(e.stack) }`;
  const stack = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { PATH: process.env.PATH } });
  return { stack, bundle };
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'source-mapped-stack-'));
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'src/failing.ts'), FAILING_SOURCE);
  clearSourceMaps();
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sourceMappedStack', () => {
  it("points a bundle's frames at the TypeScript lines they came from", () => {
    const { stack, bundle } = bundledStack({ sourcemap: true });
    expect(stack).toContain(`${bundle}:`);
    const mapped = sourceMappedStack(stack).split('\n');
    expect(mapped[0]).toBe('Error: boom');
    expect(mapped[1]).toBe('    at failDeep (src/failing.ts:6:9)');
    expect(mapped[2]).toBe('    at Object.handler (src/failing.ts:2:10)');
  });

  it('leaves frames of Node itself and of files without a source map as they are', () => {
    const { stack } = bundledStack({ sourcemap: false });
    expect(sourceMappedStack(stack)).toBe(stack);
  });

  it('leaves frames in node_modules as they are', () => {
    const { stack } = bundledStack({ sourcemap: true, outdir: 'node_modules/pkg' });
    expect(sourceMappedStack(stack)).toBe(stack);
  });

  it('leaves the stack as it is when the source map cannot be read', () => {
    const { stack, bundle } = bundledStack({ sourcemap: true });
    writeFileSync(`${bundle}.map`, '{ not json');
    expect(sourceMappedStack(stack)).toBe(stack);
  });

  it('maps the stack of an error the logger writes', () => {
    const { stack } = bundledStack({ sourcemap: true });
    const { logger, lines } = collectingLogger();
    logger.error({ err: Object.assign(new Error('boom'), { stack }) }, 'failed');
    expect((lines[0]!.err as { stack: string }).stack).toContain('at failDeep (src/failing.ts:6:9)');
  });
});
