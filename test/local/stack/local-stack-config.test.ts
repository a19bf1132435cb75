import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalStack } from '../../../local/local-stack';

describe('startLocalStack with an invalid registry of your own', () => {
  it('refuses to start, naming the file and the field, and starts nothing', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'bad-registry-'));
    const deploymentsFile = path.join(directory, 'deployments.yaml');
    writeFileSync(deploymentsFile, 'deployments:\n  - name: prod\n    displayName: Prod\n    apiUrl: http://127.0.0.1:8080\n    auth: kerberos\n    secretId: s\n');
    const stateDirectory = path.join(directory, 'state');

    await expect(
      startLocalStack({ ports: { bot: 0, slackStandIn: 0, demoAirflowV1: 0, demoAirflowV2: 0 }, stateDirectory, deploymentsFile }),
    ).rejects.toThrow(`${deploymentsFile}: deployment "prod" (#1): auth: must be one of basic, password, bearer`);
    expect(existsSync(stateDirectory)).toBe(false);
  });
});
