import type { AuditRecord } from '../../src/audit/audit-trail';
import { OPEN_BUILDER_ACTION_ID } from '../../src/protocol/interaction-types';
import { homeTab, type HomeTabInput } from '../../src/views/home-tab';
import { checkSlackLimits } from '../../src/views/limits';

const NOW = Date.parse('2026-11-23T09:00:00.000Z');
/** 08:00 UTC as a Slack date token. */
const EIGHT = `<!date^${(NOW - 3_600_000) / 1000}^{date_short_pretty} {time_secs}|2026-11-23 08:00:00 UTC>`;

function action(overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id: 'a1',
    at: '2026-11-23T08:00:00.000Z',
    userId: 'U1',
    deployment: 'prod',
    action: 'clear',
    target: { deployment: 'prod', dagId: 'etl', runId: 'r1', taskId: 'load', mapIndex: -1 },
    outcome: 'applied',
    ...overrides,
  };
}

const base: HomeTabInput = {
  slashCommand: '/airflow',
  deployments: [
    { name: 'prod', displayName: 'Production', state: 'reachable', version: '3.1.0' },
    { name: 'old', displayName: 'Legacy', state: 'unreachable', reason: 'Airflow did not answer within 2 s' },
  ],
  openAlerts: [{ deployment: 'prod', deploymentDisplay: 'Production', dagId: 'etl', runId: 'r1', channel: 'CALERTS1', createdAt: NOW - 3_600_000, failing: 1, acknowledged: true }],
  actions: [action(), action({ id: 'a2', target: 'prod', action: 'read', outcome: 'refused', reason: 'not a reader' })],
  now: NOW,
};

const texts = (input: HomeTabInput): string[] =>
  homeTab(input).blocks.flatMap((block) => {
    const b = block as { text?: { text: string }; elements?: { text?: string | { text: string } }[] };
    return [b.text?.text ?? '', ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? '')))].filter((t) => t !== '');
  });

describe('homeTab', () => {
  it('shows the builder button, each deployment with its health, the open alerts and the last actions, in that order', () => {
    expect(texts(base)).toEqual([
      'Airflow',
      'Open the command builder',
      'Or type `/airflow help` in any channel. Paste an Airflow link to see its card.',
      'Deployments',
      ':large_green_circle: *Production* `prod` · reachable · Airflow 3.1.0\n:red_circle: *Legacy* `old` · unreachable: Airflow did not answer within 2 s',
      'Open alerts',
      `:red_circle: *Production* \`etl\` / \`r1\` · 1 task failing · since ${EIGHT} · <#CALERTS1> · acknowledged`,
      'Your last actions',
      `:white_check_mark: ${EIGHT} *clear* \`load\` in \`etl\` / \`r1\` (prod) applied\n:no_entry: ${EIGHT} *read* \`prod\` (prod) refused — not a reader`,
      `Updated <!date^${NOW / 1000}^{time}|09:00 UTC>`,
    ]);
  });

  it('carries one button, the builder, and stays a home view within Slack limits', () => {
    const view = homeTab(base);
    expect(view.type).toBe('home');
    const buttons = JSON.stringify(view.blocks).match(/"action_id":"[^"]+"/g);
    expect(buttons).toEqual([`"action_id":"${OPEN_BUILDER_ACTION_ID}"`]);
    expect(checkSlackLimits(view)).toEqual([]);
  });

  it('says what is missing: no deployments, no alerts kept, nothing open, an unreadable trail, no actions yet', () => {
    const without = texts({ slashCommand: '/airflow', deployments: [], now: NOW });
    expect(without).toContain('No deployments you may read are configured.');
    expect(without).toContain('This bot keeps no alerts.');
    expect(without).toContain(':warning: The audit trail could not be read just now. Open this tab again in a moment.');
    const empty = texts({ ...base, openAlerts: [], actions: [] });
    expect(empty).toContain('No open alerts in the deployments you may read.');
    expect(empty).toContain('Nothing yet: your looks and changes from Slack are listed here.');
  });

  it('stays within 100 blocks and 3000 characters a section with hundreds of long entries, counting the rest', () => {
    const long = 'x'.repeat(250);
    const view = homeTab({
      ...base,
      deployments: Array.from({ length: 300 }, (_, i) => ({ name: `d${i}`, displayName: long, state: 'unreachable' as const, reason: long })),
      openAlerts: Array.from({ length: 300 }, (_, i) => ({ ...base.openAlerts![0]!, dagId: long, runId: `${long}${i}` })),
      actions: Array.from({ length: 10 }, (_, i) => action({ id: `a${i}`, reason: long })),
    });
    expect(checkSlackLimits(view)).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(view.blocks)).toMatch(/…and \d+ more/);
  });

  it('shows ids and names as text: no mention, link or markup gets through', () => {
    const view = homeTab({
      ...base,
      deployments: [{ name: 'prod', displayName: '<!channel> *bold*', state: 'reachable', version: '3' }],
      openAlerts: [{ ...base.openAlerts![0]!, dagId: '<!here>', channel: 'not-a-channel<@U1>' }],
      actions: [action({ action: '<@U2>', reason: '<https://evil.example|click>' })],
    });
    const text = JSON.stringify(view.blocks);
    expect(text).not.toMatch(/<!channel>|<!here>|<@U1>|<@U2>|<https:\/\/evil/);
  });
});
