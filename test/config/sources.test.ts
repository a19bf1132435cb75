import { BotError } from '../../src/errors';
import { findSource } from '../../src/config/deployments';
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

describe('webhook sources in the registry', () => {
  it('reads sources and the actions each deployment allows them', () => {
    const registry = parseDeployments(
      {
        deployments: [{ ...prod, sourceActions: { 'dq-monitor': ['read', 'note', 'mark'] } }],
        sources: [{ name: 'dq-monitor', secretId: 'sources/dq', deployments: ['prod'] }, { name: 'pager', secretId: 'sources/pager' }],
      },
      'deployments.yaml',
    );
    expect(registry.sources).toEqual([
      { name: 'dq-monitor', secretId: 'sources/dq', deployments: ['prod'] },
      { name: 'pager', secretId: 'sources/pager', deployments: [] },
    ]);
    expect(registry.deployments[0]?.sourceActions).toEqual({ 'dq-monitor': ['read', 'note', 'mark'] });
    expect(findSource(registry, 'pager')?.secretId).toBe('sources/pager');
    expect(findSource(registry, 'PAGER')).toBeUndefined();
  });

  it('has no sources when the file lists none', () => {
    const registry = parseDeployments({ deployments: [prod] }, 'deployments.yaml');
    expect(registry.sources).toBeUndefined();
    expect(findSource(registry, 'dq-monitor')).toBeUndefined();
  });

  it.each([
    [{ sources: 'dq' }, 'deployments.yaml: sources: must be a list of webhook sources'],
    [{ sources: [{ name: 'DQ', secretId: 's' }] }, 'source "DQ" (#1): name: must be 1-32 characters'],
    [{ sources: [{ name: 'dq' }] }, 'source "dq" (#1): secretId: is required'],
    [{ sources: [{ name: 'dq', secretId: 's', deployments: ['nope'] }] }, 'source "dq" (#1): deployments: no deployment is named "nope"'],
    [{ sources: [{ name: 'dq', secretId: 's' }, { name: 'dq', secretId: 't' }] }, 'source "dq" (#2): name: "dq" is already the name of source #1'],
    [{ sources: [{ name: 'dq', secretId: 's', colour: 1 }] }, 'source "dq" (#1): unknown field "colour"'],
  ])('refuses a bad sources list: %j', (extra, message) => {
    expect(problemOf({ deployments: [prod], ...extra })).toContain(message);
  });

  it.each([
    [{ pager: ['read'] }, 'deployment "prod": sourceActions: no source is named "pager" (see sources:)'],
    [{ 'dq-monitor': ['delete'] }, 'sourceActions.dq-monitor[0]: must be one of read, note, mark, clear'],
  ])('refuses sourceActions %j', (sourceActions, message) => {
    const document = { deployments: [{ ...prod, sourceActions }], sources: [{ name: 'dq-monitor', secretId: 's' }] };
    expect(problemOf(document)).toContain(message);
  });
});
