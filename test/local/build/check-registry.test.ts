import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkRegistryFile, packagedRegistryFile } from '../../../local/build/registry-check';
import { resolveParam } from '../../../local/build/required-params';

const ROOT = path.resolve(__dirname, '../../..');

/** The package-time check as `npm run package` runs it, in `cwd`. */
function runCheck(cwd: string, env: Record<string, string> = {}, args: string[] = ['--param=slackTeamIds=T012AB3C4D']) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'local/build/check-registry.ts'), ...args], {
    cwd,
    env: { ...process.env, PACKAGE_DEPLOYMENTS_FILE: '', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the package-time registry check', () => {
  it('refuses to package without deployments.yaml, naming the file', () => {
    const run = runCheck(mkdtempSync(path.join(tmpdir(), 'no-registry-')));

    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'Not packaging or deploying: deployments.yaml not found: the functions read their deployments from it. ' +
        'Copy deployments.example.yaml to deployments.yaml and edit it, or set PACKAGE_DEPLOYMENTS_FILE to your registry.\n',
    );
  });

  it('refuses an invalid registry, naming the file, the deployment and the field', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'bad-registry-'));
    writeFileSync(
      path.join(cwd, 'deployments.yaml'),
      'deployments:\n  - name: prod\n    displayName: Prod\n    apiUrl: https://airflow.example.com\n    auth: kerberos\n    secretId: s\n',
    );

    const run = runCheck(cwd);

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('deployments.yaml: deployment "prod" (#1): auth: must be one of basic, password, bearer');
  });

  it('lets a valid registry through, and PACKAGE_DEPLOYMENTS_FILE names another file', () => {
    const run = runCheck(ROOT, { PACKAGE_DEPLOYMENTS_FILE: 'deployments.example.yaml' });

    expect(run).toEqual({ status: 0, stdout: 'deployments.example.yaml: 3 deployment(s), valid\n', stderr: '' });
  });

  it('takes deployments.yaml unless PACKAGE_DEPLOYMENTS_FILE is set', () => {
    expect(packagedRegistryFile({})).toBe('deployments.yaml');
    expect(packagedRegistryFile({ PACKAGE_DEPLOYMENTS_FILE: ' ' })).toBe('deployments.yaml');
    expect(packagedRegistryFile({ PACKAGE_DEPLOYMENTS_FILE: 'config/eu.yaml' })).toBe('config/eu.yaml');
  });

  it.each(['/etc/deployments.yaml', '../elsewhere/deployments.yaml'])('refuses %s, which would not be packaged where the functions look', (file) => {
    expect(() => checkRegistryFile(file)).toThrow(`${file}: PACKAGE_DEPLOYMENTS_FILE must be a path inside the project`);
  });

  it('refuses to package without slackTeamIds, naming it, what it is and how to pass it', () => {
    const run = runCheck(ROOT, { PACKAGE_DEPLOYMENTS_FILE: 'deployments.example.yaml' }, ['--stage', 'prod']);

    expect(run).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'Not packaging or deploying: serverless.yml: parameter slackTeamIds is not set: the Slack workspace(s) the bot serves, as T… ids separated by commas (SLACK_TEAM_IDS). ' +
        'Pass --param="slackTeamIds=…" or set params.<stage>.slackTeamIds.\nThe functions refuse to start without it.\n',
    });
  });

  it.each([
    ['--param=slackTeamIds=T1', ['--param=slackTeamIds=T1'], 'T1'],
    ['--param slackTeamIds=T1', ['--stage', 'prod', '--param', 'slackTeamIds=T1'], 'T1'],
    ['the stage block of params', ['-s', 'prod'], 'TPROD'],
    ['params.default for another stage', ['--stage=dev'], ''],
    ['nothing', [], ''],
  ])('resolves slackTeamIds from %s as osls does', (_from, args, value) => {
    const serverlessYml = { params: { default: { slackTeamIds: '' }, prod: { slackTeamIds: 'TPROD' } } };
    expect(resolveParam(serverlessYml, args, 'slackTeamIds')).toBe(value);
  });
});
