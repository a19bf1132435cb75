import { BotError } from '../../src/errors';
import { parseDeployments } from '../../src/config/parse-deployments';

const prod = { name: 'prod', apiUrl: 'https://airflow.example.com', auth: 'basic', secretId: 'airflow/prod' };

function problemOf(document: unknown): string {
  try {
    parseDeployments(document, 'deployments.yaml');
  } catch (error) {
    if (error instanceof BotError) return error.userMessage;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('airflowUsers in the registry', () => {
  it('reads the Slack users mapped to Airflow users, trimmed', () => {
    const registry = parseDeployments({ deployments: [{ ...prod, airflowUsers: { U024BE7LH: 'alice', W0123ABCD: ' 42 ' } }] }, 'deployments.yaml');
    expect(registry.deployments[0]?.airflowUsers).toEqual({ U024BE7LH: 'alice', W0123ABCD: '42' });
  });

  it('leaves it out when the entry has none', () => {
    expect(parseDeployments({ deployments: [prod] }, 'deployments.yaml').deployments[0]?.airflowUsers).toBeUndefined();
  });

  it.each([
    ['a user name as the key', { alice: 'alice' }, 'must be a Slack user id such as U0123ABCD (not a user name)'],
    ['an empty Airflow user', { U024BE7LH: '' }, 'must be an Airflow user id or name (1-250 characters)'],
    ['a number as the Airflow user', { U024BE7LH: 42 }, 'must be an Airflow user id or name (1-250 characters)'],
    ['a list', ['alice'], 'must map Slack user ids to Airflow user ids or names, such as { U0123ABCD: alice }'],
  ])('refuses %s, naming the file, the deployment and the field', (_label, airflowUsers, rule) => {
    const message = problemOf({ deployments: [{ ...prod, airflowUsers }] });
    expect(message).toContain('deployments.yaml');
    expect(message).toContain('prod');
    expect(message).toContain('airflowUsers');
    expect(message).toContain(rule);
  });
});
