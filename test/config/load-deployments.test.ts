import { BotError } from '../../src/errors';
import { loadDeployments } from '../../src/config/load-deployments';
import type { DeploymentConfig } from '../../src/config/types';

const VALID_YAML = `
deployments:
  - name: prod
    displayName: Production
    apiUrl: https://airflow.example.com/
    uiUrl: https://airflow-ui.example.com
    dialect: v1
    auth: basic
    secretId: airflow/prod
    defaultChannels: [C0PROD0001]
    readers:
      userGroups: [S0DATA0001]
    actors:
      users: [U0ALICE001]
      channels: [C0OPS00001]
  - name: astro_3
    apiUrl: https://astro.example.com/airflow
    auth: bearer
    secretId: arn:aws:secretsmanager:eu-west-1:123456789012:secret:airflow/astro-AbCdEf
`;

const EXPECTED: DeploymentConfig[] = [
  {
    name: 'prod',
    displayName: 'Production',
    apiUrl: 'https://airflow.example.com',
    uiUrl: 'https://airflow-ui.example.com',
    dialect: 'v1',
    auth: 'basic',
    secretId: 'airflow/prod',
    defaultChannels: ['C0PROD0001'],
    readers: { users: [], userGroups: ['S0DATA0001'], channels: [] },
    actors: { users: ['U0ALICE001'], userGroups: [], channels: ['C0OPS00001'] },
  },
  {
    name: 'astro_3',
    displayName: 'astro_3',
    apiUrl: 'https://astro.example.com/airflow',
    uiUrl: 'https://astro.example.com/airflow',
    dialect: 'auto',
    auth: 'bearer',
    secretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:airflow/astro-AbCdEf',
    defaultChannels: [],
  },
];

/** A deployment entry that passes, to break one field at a time. */
function entry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'prod', apiUrl: 'https://airflow.example.com', auth: 'basic', secretId: 'airflow/prod', ...overrides };
}

/** Loads `document` as the file `deployments.yaml` and returns the error it must throw. */
function loadError(document: unknown): BotError {
  return errorOf(() =>
    loadDeployments({ env: { DEPLOYMENTS_FILE: 'deployments.yaml' }, readFile: () => JSON.stringify(document) }),
  );
}

function errorOf(act: () => unknown): BotError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(BotError);
    return error as BotError;
  }
  throw new Error('expected a BotError, but nothing was thrown');
}

describe('loadDeployments', () => {
  describe('from DEPLOYMENTS_FILE', () => {
    it('reads a YAML file from the path and fills in the defaults', () => {
      const paths: string[] = [];
      const registry = loadDeployments({
        env: { DEPLOYMENTS_FILE: '/etc/bot/deployments.yaml' },
        readFile: (path) => {
          paths.push(path);
          return VALID_YAML;
        },
      });
      expect(paths).toEqual(['/etc/bot/deployments.yaml']);
      expect(registry).toEqual({ deployments: EXPECTED, source: '/etc/bot/deployments.yaml' });
    });

    it('reads a JSON file, given either as a list or as an object with a deployments list', () => {
      const list = [entry({ name: 'a' }), entry({ name: 'b', auth: 'password' })];
      const asList = loadDeployments({ env: { DEPLOYMENTS_FILE: 'd.json' }, readFile: () => JSON.stringify(list) });
      const asObject = loadDeployments({
        env: { DEPLOYMENTS_FILE: 'd.json' },
        readFile: () => JSON.stringify({ deployments: list }),
      });
      expect(asList.deployments.map((d) => [d.name, 'auth' in d ? d.auth : d.platform])).toEqual([
        ['a', 'basic'],
        ['b', 'password'],
      ]);
      expect(asObject).toEqual(asList);
    });

    it('names the path when the file cannot be read', () => {
      const error = errorOf(() =>
        loadDeployments({
          env: { DEPLOYMENTS_FILE: '/missing/deployments.yaml' },
          readFile: () => {
            throw Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
          },
        }),
      );
      expect(error.kind).toBe('config');
      expect(error.userMessage).toBe('/missing/deployments.yaml: cannot read the deployments file (DEPLOYMENTS_FILE) (ENOENT)');
    });

    it('reads the real file system when no reader is given', () => {
      const error = errorOf(() => loadDeployments({ env: { DEPLOYMENTS_FILE: '/nonexistent-dir/deployments.yaml' } }));
      expect(error.userMessage).toBe('/nonexistent-dir/deployments.yaml: cannot read the deployments file (DEPLOYMENTS_FILE) (ENOENT)');
    });

    it('names the line and column of a YAML syntax error', () => {
      const error = errorOf(() =>
        loadDeployments({ env: { DEPLOYMENTS_FILE: 'deployments.yaml' }, readFile: () => 'deployments:\n  - name: [a\n' }),
      );
      expect(error.kind).toBe('config');
      expect(error.userMessage).toBe('deployments.yaml: not valid YAML or JSON (line 3, column 1)');
    });
  });

  describe('from DEPLOYMENTS_JSON', () => {
    it('reads the registry inline', () => {
      const registry = loadDeployments({ env: { DEPLOYMENTS_JSON: JSON.stringify([entry()]) } });
      expect(registry.source).toBe('DEPLOYMENTS_JSON');
      expect(registry.deployments.map((d) => d.name)).toEqual(['prod']);
    });

    it('refuses text that is not JSON', () => {
      const error = errorOf(() => loadDeployments({ env: { DEPLOYMENTS_JSON: '[{name: prod}]' } }));
      expect(error.kind).toBe('config');
      expect(error.userMessage).toBe('DEPLOYMENTS_JSON: not valid JSON');
    });

    it('refuses to choose when DEPLOYMENTS_FILE is also set', () => {
      const readFile = jest.fn(() => VALID_YAML);
      const error = errorOf(() =>
        loadDeployments({ env: { DEPLOYMENTS_FILE: 'deployments.yaml', DEPLOYMENTS_JSON: '[]' }, readFile }),
      );
      expect(error.userMessage).toBe('DEPLOYMENTS_FILE and DEPLOYMENTS_JSON are both set; set only one of them');
      expect(readFile).not.toHaveBeenCalled();
    });
  });

  describe('bundled default', () => {
    it('describes the two local demo Airflows when neither variable is set', () => {
      const registry = loadDeployments({ env: { DEPLOYMENTS_FILE: '', DEPLOYMENTS_JSON: ' ' } });
      expect(registry).toEqual({
        source: 'bundled default deployments',
        deployments: [
          {
            name: 'demo-v2',
            displayName: 'Demo Airflow 3',
            apiUrl: 'http://127.0.0.1:8082',
            uiUrl: 'http://127.0.0.1:8082',
            dialect: 'v2',
            auth: 'password',
            secretId: 'local/demo-v2',
            defaultChannels: ['CDEMO00001'],
            actors: { users: ['ULOCAL0001'], userGroups: [], channels: [] },
          },
          {
            name: 'demo-v1',
            displayName: 'Demo Airflow 2',
            apiUrl: 'http://127.0.0.1:8081',
            uiUrl: 'http://127.0.0.1:8081',
            dialect: 'v1',
            auth: 'basic',
            secretId: 'local/demo-v1',
            defaultChannels: [],
            actors: { users: ['ULOCAL0001'], userGroups: [], channels: [] },
          },
        ],
      });
    });
  });

  describe('invalid entries', () => {
    it('names the file, the deployment and the field for an unknown auth kind', () => {
      const error = loadError([entry({ name: 'dev' }), entry({ auth: 'kerberos' })]);
      expect(error.kind).toBe('config');
      expect(error.userMessage).toBe('deployments.yaml: deployment "prod" (#2): auth: must be one of basic, password, bearer');
    });

    it('says a missing apiUrl is required', () => {
      const withoutUrl = entry();
      delete withoutUrl.apiUrl;
      expect(loadError([withoutUrl]).userMessage).toBe('deployments.yaml: deployment "prod" (#1): apiUrl: is required');
    });

    it.each([
      ['ftp://airflow.example.com', 'must be an http or https URL'],
      ['airflow.example.com', 'must be an http or https URL'],
      ['https://admin:hunter2@airflow.example.com', 'must not hold a user or password; they belong in the secret'],
      ['https://airflow.example.com/?x=1', 'must not have a query or a fragment'],
      ['https://airflow.example.com/api/v1/', 'must be the base URL, without /api/v1 or /api/v2'],
    ])('refuses the apiUrl %s', (apiUrl, rule) => {
      expect(loadError([entry({ apiUrl })]).userMessage).toBe(`deployments.yaml: deployment "prod" (#1): apiUrl: ${rule}`);
    });

    it('refuses a watch setting that is not true or false', () => {
      expect(loadError([entry({ watch: 'yes' })]).userMessage).toBe('deployments.yaml: deployment "prod" (#1): watch: must be true or false');
    });

    it('refuses a duplicate deployment name, naming both entries', () => {
      const error = loadError([entry(), entry({ name: 'dev' }), entry()]);
      expect(error.userMessage).toBe('deployments.yaml: deployment "prod" (#3): name: "prod" is already the name of deployment #1');
    });

    it.each(['has space', 'x'.repeat(513), 'arn:aws:secretsmanager:eu-west-1:12345:secret:short-account', 'secret#1'])(
      'refuses the secret id %s without repeating it',
      (secretId) => {
        const error = loadError([entry({ secretId })]);
        expect(error.userMessage).toBe(
          'deployments.yaml: deployment "prod" (#1): secretId: must be a Secrets Manager secret name (1-512 characters of letters, digits and /_+=.@-) or a full arn:aws:secretsmanager:<region>:<account>:secret:<name> ARN',
        );
      },
    );

    it('refuses a channel that is the default of two deployments', () => {
      const error = loadError([
        entry({ name: 'a', defaultChannels: ['C0SHARED01'] }),
        entry({ name: 'b', defaultChannels: ['C0OTHER001', 'C0SHARED01'] }),
      ]);
      expect(error.userMessage).toBe(
        'deployments.yaml: deployment "b" (#2): defaultChannels: channel C0SHARED01 is already the default of deployment "a"; a channel has at most one default deployment',
      );
    });

    it('refuses a bad name and labels the entry by its position', () => {
      expect(loadError([entry({ name: 'Prod' })]).userMessage).toBe(
        'deployments.yaml: deployment "Prod" (#1): name: must be 1-32 characters of lowercase letters, digits, "-" and "_", starting with a letter or digit',
      );
      expect(loadError([entry({ name: 42 })]).userMessage).toBe(
        'deployments.yaml: deployment #1: name: must be 1-32 characters of lowercase letters, digits, "-" and "_", starting with a letter or digit',
      );
    });

    it('refuses an unknown dialect, an unknown field and a channel name in place of an id', () => {
      const error = loadError([entry({ dialect: 'v3', defaultChannel: 'C0PROD0001', actors: { channels: ['#ops'] } })]);
      expect(error.userMessage).toBe(
        'deployments.yaml: ' +
          [
            'deployment "prod" (#1): dialect: must be one of v1, v2, auto',
            'deployment "prod" (#1): actors.channels[0]: must be a Slack channel id such as C0123ABCD (not a channel name)',
            'deployment "prod" (#1): unknown field "defaultChannel"',
          ].join('; '),
      );
      expect(error.details).toEqual({
        source: 'deployments.yaml',
        problems: [
          'deployment "prod" (#1): dialect: must be one of v1, v2, auto',
          'deployment "prod" (#1): actors.channels[0]: must be a Slack channel id such as C0123ABCD (not a channel name)',
          'deployment "prod" (#1): unknown field "defaultChannel"',
        ],
      });
    });

    it('refuses bad user and user group ids in readers', () => {
      const error = loadError([entry({ readers: { users: ['alice'], userGroups: ['@data'] } })]);
      expect(error.userMessage).toBe(
        'deployments.yaml: deployment "prod" (#1): readers.users[0]: must be a Slack user id such as U0123ABCD (not a user name); ' +
          'deployment "prod" (#1): readers.userGroups[0]: must be a Slack user group id such as S0123ABCD (not a handle)',
      );
    });

    it('refuses a document that is not a list of deployments, or an empty one', () => {
      expect(loadError({ deployment: [entry()] }).userMessage).toBe(
        'deployments.yaml: must be a list of deployments, or an object with a "deployments" list',
      );
      expect(loadError('prod').userMessage).toBe(
        'deployments.yaml: must be a list of deployments, or an object with a "deployments" list',
      );
      expect(loadError({ deployments: [] }).userMessage).toBe('deployments.yaml: lists no deployments');
    });

    it('refuses an entry that is not an object', () => {
      expect(loadError([entry(), 'dev']).userMessage).toBe('deployments.yaml: deployment #2: must be an object');
    });
  });
});
