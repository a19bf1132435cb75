import { deploymentsList } from '../../src/views/deployments-list';
import { checkSlackLimits } from '../../src/views/limits';
import { allText, sections } from './fixtures';

describe('deploymentsList', () => {
  it('shows each deployment with its version, or why it is unreachable', () => {
    const message = deploymentsList({
      deployments: [
        { name: 'prod', displayName: 'Production', version: '3.1.0', reachable: true },
        { name: 'legacy', displayName: 'Legacy <v2>', reachable: false, error: 'Airflow at legacy did not answer in 10 s & gave up.' },
      ],
    });
    expect(message.text).toBe('2 deployments, 1 unreachable');
    expect(sections(message.blocks).map((block) => block.text?.text)).toEqual([
      ':large_green_circle: *Production* `prod` · Airflow 3.1.0\n' +
        ':red_circle: *Legacy &lt;v2&gt;* `legacy` · unreachable: Airflow at legacy did not answer in 10 s &amp; gave up.',
    ]);
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('says all are reachable when they are', () => {
    expect(deploymentsList({ deployments: [{ name: 'a', displayName: 'A', reachable: true }] }).text).toBe('1 deployment, all reachable');
  });

  it('says so when there is none', () => {
    expect(allText(deploymentsList({ deployments: [] }).blocks)).toContain('No deployments you may read are configured.');
  });

  it('stays within Slack limits with hundreds of deployments and long errors', () => {
    const deployments = Array.from({ length: 400 }, (_, i) => ({
      name: `d${i}`.padEnd(100, 'x'),
      displayName: '<&>'.repeat(100),
      reachable: false,
      error: 'e&'.repeat(1000),
    }));
    const message = deploymentsList({ deployments });
    expect(checkSlackLimits(message)).toEqual([]);
    expect(allText(message.blocks)).toMatch(/…and \d+ more$/);
  });
});
