import { parseDeployments } from '../../src/config/parse-deployments';
import { BotError } from '../../src/errors';

const base = { name: 'prod', apiUrl: 'https://airflow.example.com' };
const astro = { ...base, platform: 'astro', secretId: 'airflow/astro' };
const mwaa = { ...base, platform: 'mwaa', dialect: 'v2', environmentName: 'prod-env', region: 'eu-west-1' };
const composer = { ...base, platform: 'composer', secretId: 'airflow/composer' };
const coreApi = { actions: 'astro-core-api', organizationId: 'org1', workspaceId: 'ws1', deploymentId: 'dep1' };

/** The one message a registry with this single entry is refused with. */
function refusal(entry: Record<string, unknown>): string {
  try {
    parseDeployments([entry], 'deployments.yaml');
  } catch (error) {
    if (error instanceof BotError) return error.userMessage;
    throw error;
  }
  throw new Error('the registry was accepted');
}

describe('platforms in the deployments registry', () => {
  it('reads each platform with its defaults filled in', () => {
    const { deployments } = parseDeployments([astro, { ...mwaa, name: 'm' }, { ...composer, name: 'c' }, { ...base, name: 'a', auth: 'basic', secretId: 's' }], 'r');
    expect(deployments.map((d) => [d.name, d.platform])).toEqual([
      ['prod', 'astro'],
      ['m', 'mwaa'],
      ['c', 'composer'],
      ['a', undefined],
    ]);
    expect(deployments[0]).toMatchObject({ actions: 'airflow-api', coreApiUrl: 'https://api.astronomer.io', uiUrl: base.apiUrl });
    expect(deployments[2]).toMatchObject({ tokenUriOrigins: ['https://oauth2.googleapis.com', 'https://accounts.google.com'] });
  });

  it("keeps Composer's tokenUriOrigins as origins, http only on loopback", () => {
    const origins = ['https://OAUTH2.googleapis.com:443/', 'http://127.0.0.1:8085', 'http://localhost:9000'];
    const { deployments } = parseDeployments([{ ...composer, tokenUriOrigins: origins }], 'r');
    expect(deployments[0]).toMatchObject({ tokenUriOrigins: ['https://oauth2.googleapis.com', 'http://127.0.0.1:8085', 'http://localhost:9000'] });
  });

  it('names an unknown platform', () => {
    expect(refusal({ ...base, platform: 'heroku' })).toBe('deployments.yaml: deployment "prod" (#1): platform: must be one of airflow, astro, mwaa, composer');
  });

  it.each([
    ['Astro without secretId', { ...astro, secretId: undefined }, 'secretId: is required'],
    ['Astro with an unknown actions', { ...astro, actions: 'core' }, 'actions: must be one of airflow-api, astro-core-api'],
    ['Astro core API without workspaceId', { ...astro, ...coreApi, workspaceId: undefined }, 'workspaceId: is required when actions is astro-core-api'],
    ['Astro core API with a deploymentId holding a slash', { ...astro, ...coreApi, deploymentId: 'a/b' }, 'deploymentId: must be an id of letters and digits'],
    ['Astro with a coreApiUrl that is not a URL', { ...astro, coreApiUrl: 'api.astronomer.io' }, 'coreApiUrl: must be an http or https URL'],
    ['MWAA without environmentName', { ...mwaa, environmentName: undefined }, 'environmentName: is required'],
    ['MWAA with a bad environmentName', { ...mwaa, environmentName: 'prod env' }, 'environmentName: must be an MWAA environment name: 1-80 letters, digits, "-" and "_", starting with a letter'],
    ['MWAA without region', { ...mwaa, region: undefined }, 'region: is required'],
    ['MWAA with a bad region', { ...mwaa, region: 'Ireland' }, 'region: must be an AWS region such as eu-west-1'],
    ['MWAA with dialect auto', { ...mwaa, dialect: 'auto' }, 'dialect: must be v1 (Airflow 2) or v2 (Airflow 3) on MWAA'],
    ['MWAA without dialect', { ...mwaa, dialect: undefined }, 'dialect: is required'],
    ['MWAA with a secretId', { ...mwaa, secretId: 'x' }, 'unknown field "secretId"'],
    ['Composer without secretId', { ...composer, secretId: undefined }, 'secretId: is required'],
    ['Composer with auth', { ...composer, auth: 'bearer' }, 'unknown field "auth"'],
    ...[
      ['plain http', 'http://oauth2.googleapis.com'],
      ['a path', 'https://oauth2.googleapis.com/token'],
      ['a user', 'https://me@oauth2.googleapis.com'],
      ['another scheme', 'ftp://oauth2.googleapis.com'],
      ['no scheme', 'oauth2.googleapis.com'],
    ].map(([what, origin]): [string, Record<string, unknown>, string] => [
      `Composer with a token origin with ${what}`,
      { ...composer, tokenUriOrigins: [origin] },
      'tokenUriOrigins[0]: must be an https origin such as https://oauth2.googleapis.com (http only on loopback)',
    ]),
    ['Composer with no token origin', { ...composer, tokenUriOrigins: [] }, 'tokenUriOrigins: must name at least one origin'],
  ])('names the field: %s', (_case, entry, problem) => {
    expect(refusal(entry)).toBe(`deployments.yaml: deployment "prod" (#1): ${problem}`);
  });
});
