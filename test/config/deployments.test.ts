import { defaultDeploymentForChannel, findDeployment } from '../../src/config/deployments';
import type { DeploymentConfig, DeploymentRegistry } from '../../src/config/types';

function deployment(name: string, defaultChannels: string[]): DeploymentConfig {
  return {
    name,
    displayName: name,
    apiUrl: `https://${name}.example.com`,
    uiUrl: `https://${name}.example.com`,
    dialect: 'auto',
    auth: 'bearer',
    secretId: `airflow/${name}`,
    defaultChannels,
  };
}

const registry: DeploymentRegistry = {
  source: 'test',
  deployments: [deployment('prod', ['C0PROD0001', 'C0PROD0002']), deployment('dev', ['C0DEV00001'])],
};

describe('findDeployment', () => {
  it('finds a deployment by name, whatever the case typed', () => {
    expect(findDeployment(registry, 'dev')?.name).toBe('dev');
    expect(findDeployment(registry, 'PROD')?.name).toBe('prod');
  });

  it('answers undefined for an unknown name', () => {
    expect(findDeployment(registry, 'staging')).toBeUndefined();
  });
});

describe('defaultDeploymentForChannel', () => {
  it('finds the deployment whose default channels hold the channel', () => {
    expect(defaultDeploymentForChannel(registry, 'C0PROD0002')?.name).toBe('prod');
    expect(defaultDeploymentForChannel(registry, 'C0DEV00001')?.name).toBe('dev');
  });

  it('answers undefined for a channel without a default', () => {
    expect(defaultDeploymentForChannel(registry, 'C0RANDOM01')).toBeUndefined();
  });
});
