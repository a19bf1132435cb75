/**
 * What `jest.config.js` leaves out when the Airflow API specs are missing: the contract suites,
 * with one line saying why. Under `CI=true` a missing spec is an error instead, so CI never
 * passes without the contract tests.
 */
import path from 'node:path';
import { suitesNeedingSpecs } from './contract-suites';
import { SPECS_NOT_FOUND, locateSpecs } from './spec-location';

export interface SpecGate {
  /** Absolute paths of the test files to leave out (none when the specs are there). */
  leftOut: string[];
  /** The line to print, when something is left out. */
  notice?: string;
}

/**
 * Decides which suites run.
 *
 * @throws Error with {@link SPECS_NOT_FOUND} when the specs are missing and `CI` is `true`.
 */
export function specGate(env: Readonly<Record<string, string | undefined>>, projectRoot: string): SpecGate {
  const location = locateSpecs(env, projectRoot);
  if (location.found) return { leftOut: [] };
  if (env.CI === 'true') {
    throw new Error(`${SPECS_NOT_FOUND} (CI=true: the contract tests must run; looked in ${location.searched.join(', ')})`);
  }
  const testRoot = path.join(projectRoot, 'test');
  const leftOut = suitesNeedingSpecs(testRoot, path.join(testRoot, 'helpers', 'airflow-contract.ts'));
  return { leftOut, notice: `${SPECS_NOT_FOUND} (${leftOut.length} contract test files left out)` };
}
