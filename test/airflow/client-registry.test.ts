import { createAirflowClientRegistry } from '../../src/airflow/client-registry';
import { expectBotError } from './expect-bot-error';
import { BASIC, FakeCredentials, deployment } from './payloads';

describe('createAirflowClientRegistry', () => {
  const deployments = [deployment('http://127.0.0.1:1', { name: 'prod-eu' }), deployment('http://127.0.0.1:2', { name: 'staging' })];

  it('hands out one client per deployment, created on first use', () => {
    const registry = createAirflowClientRegistry(deployments, { credentials: new FakeCredentials(BASIC) });

    const first = registry.get('prod-eu');

    expect(registry.get('prod-eu')).toBe(first);
    expect(registry.get('staging')).not.toBe(first);
    expect([first.deploymentName, registry.get('staging').deploymentName]).toEqual(['prod-eu', 'staging']);
  });

  it('refuses a name that is not in the registry', async () => {
    const registry = createAirflowClientRegistry(deployments, { credentials: new FakeCredentials(BASIC) });

    await expectBotError(
      Promise.resolve().then(() => registry.get('prod-us')),
      'not_found',
      'No Airflow deployment is named "prod-us".',
    );
  });
});
