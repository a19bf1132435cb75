/**
 * Where the official Airflow API description files are, for the contract tests. They are not part
 * of the project: they are found, in this order, in `AIRFLOW_API_SPECS`, in `../shared/airflow-api`
 * beside the checkout, or in the cache `npm run specs` fills.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CONTRACT_SPEC_FILES } from './spec-pins';

/** The checkout's root directory. */
export const PROJECT_ROOT = path.resolve(__dirname, '../..');

/** Where `npm run specs` puts the downloaded files (ignored by git, kept across `npm ci`). */
export function specsCacheDirectory(projectRoot: string = PROJECT_ROOT): string {
  return path.join(projectRoot, '.cache', 'airflow-api');
}

/** The line printed when no directory holds the specs. */
export const SPECS_NOT_FOUND = 'Airflow API specs not found: run `npm run specs`, or set AIRFLOW_API_SPECS';

export type SpecLocation = { found: true; directory: string } | { found: false; searched: string[] };

/**
 * The first directory holding every file the contract reads. When `AIRFLOW_API_SPECS` is set it is
 * the only place looked at: whoever sets it means those files.
 *
 * @example
 * const location = locateSpecs(process.env); // { found: true, directory: '/work/shared/airflow-api' }
 */
export function locateSpecs(
  env: Readonly<Record<string, string | undefined>>,
  projectRoot: string = PROJECT_ROOT,
): SpecLocation {
  const explicit = env.AIRFLOW_API_SPECS?.trim();
  const candidates =
    explicit !== undefined && explicit !== ''
      ? [path.resolve(projectRoot, explicit)]
      : [path.resolve(projectRoot, '..', 'shared', 'airflow-api'), specsCacheDirectory(projectRoot)];
  const directory = candidates.find((candidate) => CONTRACT_SPEC_FILES.every((file) => existsSync(path.join(candidate, file))));
  return directory === undefined ? { found: false, searched: candidates } : { found: true, directory };
}
