/**
 * `npm run specs`: fills the contract tests' cache of official API description files.
 * `AIRFLOW_API_SPECS_BASE_URL` replaces the download host (a mirror, or a local server in tests).
 */
import { DEFAULT_SPECS_BASE_URL, downloadSpecs } from './download-specs';
import { specsCacheDirectory } from './spec-location';
import { SPEC_PINS } from './spec-pins';

async function main(): Promise<void> {
  const baseUrl = process.env.AIRFLOW_API_SPECS_BASE_URL?.trim() || DEFAULT_SPECS_BASE_URL;
  const cacheDirectory = specsCacheDirectory();
  const written = await downloadSpecs({ pins: SPEC_PINS, baseUrl, cacheDirectory });
  process.stdout.write(`${written.length} Airflow API spec files verified and cached in ${cacheDirectory}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`npm run specs failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
