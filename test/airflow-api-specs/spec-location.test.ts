import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { suitesNeedingSpecs } from './contract-suites';
import { locateSpecs, specsCacheDirectory } from './spec-location';
import { CONTRACT_SPEC_FILES } from './spec-pins';

/** A checkout at `<tmp>/checkout`, so `../shared` is `<tmp>/shared`. */
function checkout(): string {
  const root = path.join(mkdtempSync(path.join(os.tmpdir(), 'clone-')), 'checkout');
  mkdirSync(root);
  return root;
}

function fillSpecs(directory: string, files: readonly string[] = CONTRACT_SPEC_FILES): string {
  mkdirSync(directory, { recursive: true });
  for (const file of files) writeFileSync(path.join(directory, file), 'openapi: 3.1.0\n');
  return directory;
}

describe('locateSpecs', () => {
  it('finds nothing in a bare clone, saying where it looked', () => {
    const root = checkout();

    expect(locateSpecs({}, root)).toEqual({
      found: false,
      searched: [path.resolve(root, '../shared/airflow-api'), path.join(root, '.cache/airflow-api')],
    });
  });

  it('prefers ../shared/airflow-api to the cache', () => {
    const root = checkout();
    const shared = fillSpecs(path.resolve(root, '../shared/airflow-api'));
    fillSpecs(specsCacheDirectory(root));

    expect(locateSpecs({}, root)).toEqual({ found: true, directory: shared });
  });

  it('uses the cache filled by `npm run specs` when there is no ../shared', () => {
    const root = checkout();
    const cache = fillSpecs(specsCacheDirectory(root));

    expect(locateSpecs({}, root)).toEqual({ found: true, directory: cache });
  });

  it('looks only at AIRFLOW_API_SPECS when it is set', () => {
    const root = checkout();
    fillSpecs(path.resolve(root, '../shared/airflow-api'));
    const empty = path.join(root, 'empty');
    mkdirSync(empty);
    const mine = fillSpecs(path.join(root, 'mine'));

    expect(locateSpecs({ AIRFLOW_API_SPECS: empty }, root)).toEqual({ found: false, searched: [empty] });
    expect(locateSpecs({ AIRFLOW_API_SPECS: 'mine' }, root)).toEqual({ found: true, directory: mine });
  });

  it('does not take a directory that lacks one of the contract files', () => {
    const root = checkout();
    fillSpecs(specsCacheDirectory(root), CONTRACT_SPEC_FILES.slice(1));

    expect(locateSpecs({}, root).found).toBe(false);
  });
});

describe('suitesNeedingSpecs', () => {
  it('finds the test files that load the spec reader at run time, through helpers too', () => {
    const testRoot = path.join(checkout(), 'test');
    const write = (file: string, source: string): void => {
      mkdirSync(path.dirname(path.join(testRoot, file)), { recursive: true });
      writeFileSync(path.join(testRoot, file), source);
    };
    write('helpers/contract.ts', "import { readFileSync } from 'node:fs';\n");
    write('helpers/server.ts', "import type { X } from './contract';\nimport { load } from './contract';\n");
    write('a/direct.test.ts', "import { load } from '../helpers/contract';\n");
    write('a/through-helper.test.ts', "import {\n  Server,\n} from '../helpers/server';\n");
    write('a/types-only.test.ts', "import type { X } from '../helpers/contract';\n");
    write('b/unrelated.test.ts', "import { thing } from './thing';\n");

    expect(suitesNeedingSpecs(testRoot, path.join(testRoot, 'helpers/contract.ts'))).toEqual([
      path.join(testRoot, 'a/direct.test.ts'),
      path.join(testRoot, 'a/through-helper.test.ts'),
    ]);
  });
});
