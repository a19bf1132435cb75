import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadDeployments } from '../../src/config/load-deployments';

describe('deployments.example.yaml', () => {
  it('is a valid registry, so the file the README tells operators to copy works as shipped', () => {
    const file = path.resolve(__dirname, '../../deployments.example.yaml');
    const registry = loadDeployments({ env: { DEPLOYMENTS_FILE: file }, readFile: (p) => readFileSync(p, 'utf8') });
    expect(registry.deployments.map((d) => [d.name, 'auth' in d ? d.auth : d.platform, d.dialect])).toEqual([
      ['prod-eu', 'password', 'auto'],
      ['legacy', 'basic', 'v1'],
      ['astro-analytics', 'bearer', 'v2'],
    ]);
    expect(registry.deployments[1]!.readers).toBeUndefined();
  });
});
