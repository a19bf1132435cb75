import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { readDeploymentSettings } from '../../bench/deployment-settings';

const ROOT = path.resolve(__dirname, '../..');

/**
 * A function's zip as `npm run package` lays it out: the bundle at `handlers/<name>.js`, the
 * compiled registry at the root. The process then starts somewhere else, as nothing promises that
 * Lambda's (or a local runner's) working directory is the package.
 */
describe('a packaged function', () => {
  let packageDir: string;
  let elsewhere: string;
  beforeAll(async () => {
    packageDir = mkdtempSync(path.join(tmpdir(), 'packaged-function-'));
    elsewhere = mkdtempSync(path.join(tmpdir(), 'another-cwd-'));
    const settings = readDeploymentSettings(ROOT);
    await build({
      ...settings.esbuild,
      plugins: settings.plugins,
      sourcemap: false,
      entryPoints: [path.join(ROOT, 'handlers/alerts.ts')],
      outfile: path.join(packageDir, 'handlers', 'alerts.js'),
      logLevel: 'error',
    });
    const registry = {
      deployments: [{ name: 'packaged', apiUrl: 'https://airflow.example.com', auth: 'bearer', secretId: 'airflow/packaged' }],
      sources: [{ name: 'notifier', secretId: 'sources/notifier', deployments: ['packaged'] }],
    };
    writeFileSync(path.join(packageDir, 'deployments.json'), JSON.stringify(registry));
  }, 60_000);
  afterAll(() => {
    rmSync(packageDir, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('reads deployments.json from its own package, whatever the working directory', () => {
    const load = () =>
      execFileSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(packageDir, 'handlers', 'alerts.js'))}); console.log('loaded')`], {
        cwd: elsewhere,
        encoding: 'utf8',
        stdio: 'pipe',
        env: {
          PATH: process.env.PATH,
          DEPLOYMENTS_FILE: 'deployments.json',
          SLACK_SECRET_ID: 'airflow-slack-ops/slack',
          ALERT_TABLE: 'alerts',
          IDEMPOTENCY_TABLE: 'idempotency',
          ALERT_WORKER_FUNCTION_NAME: 'alert-worker',
          AWS_REGION: 'eu-west-1',
          LOG_LEVEL: 'silent',
        },
      });
    expect(load().trim()).toBe('loaded');
  });
});
