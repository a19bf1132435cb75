import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LocalStack } from '../../local/local-stack';
import { startDemoAirflow, type DemoAirflow } from '../../local/demo-airflow/server';
import { LOCAL_CHANNEL, LOCAL_USER } from '../../local/local-settings';
import { runCli } from '../../local/slack-cli/run-cli';
import { cliDepsFor, startTestStack } from './local-stack-fixture';

/**
 * `npm start` against the user's own Airflow: their registry and credentials file, no demo
 * Airflow, the card through `npm run slack`. "Their" Airflow 3 is an Airflow API server on
 * loopback with its own user, not one the stack starts.
 */
describe('the local stack with your own registry', () => {
  let theirs: DemoAirflow;
  let stack: LocalStack;
  let close: () => Promise<void>;
  let directory: string;
  let userFiles: string;
  const printed: string[] = [];

  beforeAll(async () => {
    theirs = await startDemoAirflow({ dialect: 'v2', username: 'ops', password: 'their-secret' });
    userFiles = mkdtempSync(path.join(tmpdir(), 'their-config-'));
    writeFileSync(
      path.join(userFiles, 'deployments.yaml'),
      [
        'deployments:',
        '  - name: analytics',
        '    displayName: Their Analytics',
        `    apiUrl: ${theirs.url}`,
        '    dialect: auto',
        '    auth: password',
        '    secretId: their/analytics',
        `    defaultChannels: [${LOCAL_CHANNEL.id}]`,
        `    actors: { users: [${LOCAL_USER.id}] }`,
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(userFiles, 'credentials.json'), JSON.stringify({ 'their/analytics': { username: 'ops', password: 'their-secret' } }));
    ({ stack, directory, close } = await startTestStack({
      deploymentsFile: path.join(userFiles, 'deployments.yaml'),
      credentialsFile: path.join(userFiles, 'credentials.json'),
    }));
  });

  afterAll(async () => {
    await close();
    await theirs.close().catch(() => undefined); // already stopped by the last test
  });

  beforeEach(() => {
    printed.length = 0;
  });

  const run = (commandLine: string) =>
    runCli(cliDepsFor(stack, directory, printed), { kind: 'command', commandLine, waitSeconds: 10, json: false });

  it('starts no demo Airflow and reads the registry where it is', () => {
    expect(stack.airflowV1).toBeUndefined();
    expect(stack.airflowV2).toBeUndefined();
    expect(stack.deploymentsFile).toBe(path.join(userFiles, 'deployments.yaml'));
    expect(stack.registry.deployments.map((d) => d.name)).toEqual(['analytics']);
  });

  it('adds only the local Slack secret to a private copy of the credentials, leaving the file as it was', () => {
    const copy = path.join(directory, 'credentials.json');
    expect(Object.keys(JSON.parse(readFileSync(copy, 'utf8')) as object)).toEqual(['their/analytics', 'local/slack']);
    expect(statSync(copy).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path.join(userFiles, 'credentials.json'), 'utf8'))).toEqual({
      'their/analytics': { username: 'ops', password: 'their-secret' },
    });
  });

  it('gets a card from their Airflow through npm run slack', async () => {
    expect(await run('/airflow ti analytics etl_daily latest transform')).toBe(0);

    const output = printed.join('\n');
    expect(output).toContain('== Their Analytics · transform ==');
    expect(output).toContain(':x: *failed*');
    expect(output).toContain(`[ Open in Airflow ] <${theirs.url}/dags/etl_daily/runs/`);
  });

  it('prints the URL of Open in Airflow and is done, without waiting for replies', async () => {
    const deps = cliDepsFor(stack, directory, printed);
    const sleeps: number[] = [];
    deps.sleep = async (ms) => {
      sleeps.push(ms);
    };

    expect(await runCli(deps, { kind: 'click', button: 'Open in Airflow', waitSeconds: 10, json: false })).toBe(0);

    expect(printed).toEqual([
      'alice clicks [ Open in Airflow ]',
      '→ HTTP 200 (acknowledged)',
      expect.stringMatching(new RegExp(`^Opens ${theirs.url}/dags/etl_daily/runs/[^ ]+/tasks/transform$`)),
    ]);
    expect(sleeps).toEqual([]);
  });

  it('lists their deployment as reachable, with its version', async () => {
    expect(await run('/airflow deployments')).toBe(0);

    expect(printed.join('\n')).toMatch(/:large_green_circle: \*Their Analytics\* `analytics` · reachable · Airflow 3\.\d/);
  });

  it('lists it as unreachable, with the reason, once their Airflow is stopped', async () => {
    await theirs.close();

    expect(await run('/airflow deployments')).toBe(0);

    const output = printed.join('\n');
    expect(output).toContain(
      `:red_circle: *Their Analytics* \`analytics\` · unreachable: could not reach Airflow at ${theirs.url} for the API version (ECONNREFUSED)`,
    );
    expect(output).not.toContain('Airflow 3.');
  });
});
