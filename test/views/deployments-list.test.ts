import { deploymentsList } from '../../src/views/deployments-list';
import { checkSlackLimits } from '../../src/views/limits';
import { allText, sections } from './fixtures';

describe('deploymentsList', () => {
  it('shows each deployment as reachable with its version, unreachable or refusing credentials, with the reason', () => {
    const message = deploymentsList({
      deployments: [
        { name: 'prod', displayName: 'Production', state: 'reachable', version: '3.1.0' },
        { name: 'legacy', displayName: 'Legacy <v2>', state: 'unreachable', reason: 'Airflow did not answer within 5 s & gave up.' },
        { name: 'astro', displayName: 'Astro', state: 'credentials_rejected', reason: "Airflow rejected the bot's credentials" },
        { name: 'new', displayName: 'New', state: 'not_checked', reason: 'Secret "s" was not found' },
      ],
    });
    expect(message.text).toBe('4 deployments: 1 unreachable, 1 credentials rejected, 1 not checked');
    expect(sections(message.blocks).map((block) => block.text?.text)).toEqual([
      ':large_green_circle: *Production* `prod` · reachable · Airflow 3.1.0\n' +
        ':red_circle: *Legacy &lt;v2&gt;* `legacy` · unreachable: Airflow did not answer within 5 s &amp; gave up.\n' +
        ":large_orange_circle: *Astro* `astro` · credentials rejected: Airflow rejected the bot's credentials\n" +
        ':large_orange_circle: *New* `new` · not checked: Secret "s" was not found',
    ]);
    expect(checkSlackLimits(message)).toEqual([]);
  });

  it('says all are reachable when they are', () => {
    expect(deploymentsList({ deployments: [{ name: 'a', displayName: 'A', state: 'reachable', version: '2.10.5' }] }).text).toBe(
      '1 deployment, all reachable',
    );
  });

  it('says so when there is none', () => {
    expect(allText(deploymentsList({ deployments: [] }).blocks)).toContain('No deployments you may read are configured.');
  });

  it('stays within Slack limits with hundreds of deployments and long errors', () => {
    const deployments = Array.from({ length: 400 }, (_, i) => ({
      name: `d${i}`.padEnd(100, 'x'),
      displayName: '<&>'.repeat(100),
      state: 'unreachable' as const,
      reason: 'e&'.repeat(1000),
    }));
    const message = deploymentsList({ deployments });
    expect(checkSlackLimits(message)).toEqual([]);
    expect(allText(message.blocks)).toMatch(/…and \d+ more$/);
  });
});
