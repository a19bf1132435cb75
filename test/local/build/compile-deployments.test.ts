import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BotError } from '../../../src/errors';
import { compileDeployments } from '../../../local/build/compile-deployments';
import { loadDeployments } from '../../../src/config/load-deployments';

const ROOT = path.resolve(__dirname, '../../..');
const VALID_YAML = `deployments:
  - name: prod
    apiUrl: https://airflow.example.com
    auth: basic
    secretId: airflow/prod
    defaultChannels: [C0123ABCD]
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'compile-deployments-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function compileError(source: string, target: string): BotError {
  try {
    compileDeployments({ source, target });
  } catch (error) {
    expect(error).toBeInstanceOf(BotError);
    return error as BotError;
  }
  throw new Error('expected a BotError');
}

describe('compileDeployments', () => {
  it('writes the registry as JSON that loads to the same deployments as the YAML', () => {
    const source = path.join(dir, 'deployments.yaml');
    const target = path.join(dir, 'deployments.json');
    writeFileSync(source, VALID_YAML);
    compileDeployments({ source, target });
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual({
      deployments: [{ name: 'prod', apiUrl: 'https://airflow.example.com', auth: 'basic', secretId: 'airflow/prod', defaultChannels: ['C0123ABCD'] }],
    });
    const fromJson = loadDeployments({ env: { DEPLOYMENTS_FILE: target } });
    const fromYaml = loadDeployments({ env: { DEPLOYMENTS_FILE: source } });
    expect(fromJson.deployments).toEqual(fromYaml.deployments);
  });

  it('compiles the example registry', () => {
    const target = path.join(dir, 'deployments.json');
    const registry = compileDeployments({ source: path.join(ROOT, 'deployments.example.yaml'), target });
    expect(loadDeployments({ env: { DEPLOYMENTS_FILE: target } }).deployments).toEqual(registry.deployments);
  });

  it('refuses an invalid registry naming the file, the deployment and the field, and writes nothing', () => {
    const source = path.join(dir, 'deployments.yaml');
    const target = path.join(dir, 'deployments.json');
    writeFileSync(source, VALID_YAML.replace('auth: basic', 'auth: kerberos'));
    const error = compileError(source, target);
    expect(error.userMessage).toBe(`${source}: deployment "prod" (#1): auth: must be one of basic, password, bearer`);
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a missing file or broken YAML, and writes nothing', () => {
    const target = path.join(dir, 'deployments.json');
    expect(compileError(path.join(dir, 'missing.yaml'), target).userMessage).toBe(
      `${path.join(dir, 'missing.yaml')}: cannot read the deployments file (DEPLOYMENTS_FILE) (ENOENT)`,
    );
    const broken = path.join(dir, 'broken.yaml');
    writeFileSync(broken, 'deployments:\n  - name: [a\n');
    expect(compileError(broken, target).userMessage).toBe(`${broken}: not valid YAML or JSON (line 3, column 1)`);
    expect(existsSync(target)).toBe(false);
  });

  it('reads a .json registry as JSON alone, and names the file when it is not', () => {
    const source = path.join(dir, 'deployments.json');
    writeFileSync(source, 'deployments:\n  - name: prod\n');
    expect(() => loadDeployments({ env: { DEPLOYMENTS_FILE: source } })).toThrow(`${source}: not valid JSON`);
  });
});

describe('npm run compile-deployments', () => {
  it('exits non-zero with the message alone when the registry is invalid', () => {
    const source = path.join(dir, 'deployments.yaml');
    writeFileSync(source, VALID_YAML.replace('    apiUrl: https://airflow.example.com\n', ''));
    const run = () =>
      execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'local/build/compile-deployments-cli.ts'), source, path.join(dir, 'out.json')], {
        encoding: 'utf8',
        stdio: 'pipe',
      });
    expect(run).toThrow(`${source}: deployment "prod" (#1): apiUrl: is required`);
    expect(existsSync(path.join(dir, 'out.json'))).toBe(false);
  });
});
