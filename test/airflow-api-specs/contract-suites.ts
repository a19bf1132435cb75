/**
 * Which test files need the Airflow API specs: those that import, directly or through helpers,
 * the module that reads them. Found from the import statements, so a new contract suite is
 * recognised without being listed anywhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Relative imports that bring code at run time (`import type` brings none). */
const RUNTIME_IMPORT = /(?:^|\n)\s*(?:import(?!\s+type\b)[^'"]*?from\s*|import\s*\(\s*|require\s*\(\s*|export\s+[^'"]*?from\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * Test files (`*.test.ts`) under `testRoot` that load `specReader` at run time.
 *
 * @example
 * suitesNeedingSpecs('/repo/test', '/repo/test/helpers/airflow-contract.ts')
 * // ['/repo/test/airflow/v1-client.test.ts', …]
 */
export function suitesNeedingSpecs(testRoot: string, specReader: string): string[] {
  const files = typeScriptFiles(testRoot);
  const importers = new Map<string, string[]>();
  for (const file of files) {
    for (const imported of runtimeImports(file)) importers.set(imported, [...(importers.get(imported) ?? []), file]);
  }
  const needing = new Set<string>();
  const queue = [path.resolve(specReader)];
  while (queue.length > 0) {
    const current = queue.pop() as string;
    for (const importer of importers.get(current) ?? []) {
      if (!needing.has(importer)) {
        needing.add(importer);
        queue.push(importer);
      }
    }
  }
  return [...needing].filter((file) => file.endsWith('.test.ts')).sort();
}

function typeScriptFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(directory, name));
}

function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(RUNTIME_IMPORT)].map((match) => withExtension(path.resolve(path.dirname(file), match[1] as string)));
}

function withExtension(resolved: string): string {
  return resolved.endsWith('.ts') ? resolved : `${resolved}.ts`;
}
