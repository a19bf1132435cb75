import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDeployments } from '../../../src/config/parse-deployments';
import { DEMO_USER, demosUsedBy, localSecrets } from '../../../local/local-registry';

const PORTS = { demoAirflowV1: 8081, demoAirflowV2: 8082 };

function registry(...apiUrls: string[]) {
  return parseDeployments(
    { deployments: apiUrls.map((apiUrl, i) => ({ name: `d${i}`, displayName: `D${i}`, apiUrl, dialect: 'auto', auth: 'basic', secretId: `s${i}` })) },
    'deployments.yaml',
  );
}

describe('demosUsedBy', () => {
  it('finds the demos a registry points at on loopback', () => {
    expect(demosUsedBy(registry('http://127.0.0.1:8082', 'http://localhost:8081/'), PORTS)).toEqual(['v1', 'v2']);
    expect(demosUsedBy(registry('http://localhost:8082'), PORTS)).toEqual(['v2']);
  });

  it('starts none for Airflows elsewhere or on other ports', () => {
    expect(demosUsedBy(registry('https://airflow.example.com', 'http://127.0.0.1:8080', 'http://10.0.0.5:8081'), PORTS)).toEqual([]);
  });
});

describe('localSecrets', () => {
  const slack = { signing_secret: 'sig', bot_token: 'xoxb-local' };
  const directory = mkdtempSync(path.join(tmpdir(), 'local-secrets-'));
  const webhookSource = { name: 'demo', secret: 'whsec_bG9jYWwtZGVtby1zb3VyY2U=' };
  const file = (name: string, text: string): string => {
    writeFileSync(path.join(directory, name), text);
    return path.join(directory, name);
  };

  it('keeps the user’s secrets, adds the Slack secret and the demo user only for demos it lacks', () => {
    const credentialsFile = file('mine.json', JSON.stringify({ prod: { token: 't' }, 'local/demo-v2': { username: 'me', password: 'p' } }));

    expect(localSecrets({ credentialsFile, demos: ['v1', 'v2'], slack, slackSecretId: 'local/slack', webhookSource })).toEqual({
      'local/demo-v1': DEMO_USER,
      'local/demo-v2': { username: 'me', password: 'p' },
      'local/source-demo': { secrets: [webhookSource.secret] },
      prod: { token: 't' },
      'local/slack': slack,
    });
  });

  it.each([
    ['missing.json', undefined, /missing\.json: cannot read the local credentials file \(LOCAL_CREDENTIALS_FILE\) \(ENOENT\)/],
    ['broken.json', '{"prod": ', /broken\.json: the local credentials file \(LOCAL_CREDENTIALS_FILE\) is not valid JSON/],
    ['list.json', '[1]', /list\.json: the local credentials file \(LOCAL_CREDENTIALS_FILE\) must be a JSON object/],
  ])('names the file when %s cannot be used', (name, text, message) => {
    const credentialsFile = text === undefined ? path.join(directory, name) : file(name, text);

    expect(() => localSecrets({ credentialsFile, demos: [], slack, slackSecretId: 'local/slack', webhookSource })).toThrow(message);
  });
});
