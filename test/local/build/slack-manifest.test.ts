import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { slackAppManifest, unfurlDomains } from '../../../local/build/slack-manifest';
import { readDeploymentsDocument } from '../../../src/config/load-deployments';
import { parseDeployments } from '../../../src/config/parse-deployments';
import { BotError } from '../../../src/errors';
import { LOOKUP_SHORTCUT_CALLBACK_ID } from '../../../src/protocol/interaction-types';

const ROOT = path.join(__dirname, '..', '..', '..');
const checkedIn = readFileSync(path.join(ROOT, 'slack-app-manifest.yaml'), 'utf8');
const example = parseDeployments(
  readDeploymentsDocument(path.join(ROOT, 'deployments.example.yaml'), (file) => readFileSync(file, 'utf8')),
  'deployments.example.yaml',
);

interface Manifest {
  features: { unfurl_domains?: string[]; shortcuts: { type: string; callback_id: string }[]; app_home: { home_tab_enabled: boolean }; slash_commands: { url: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { request_url: string } };
}

function registryOf(uiUrls: string[]) {
  return parseDeployments(
    uiUrls.map((uiUrl, i) => ({ name: `d${i}`, displayName: `D${i}`, apiUrl: uiUrl, uiUrl, auth: 'bearer', secretId: `s${i}` })),
    'deployments.yaml',
  );
}

describe('the Slack app manifest', () => {
  it('asks for what unfurls, the Home tab and the shortcut need, and sends every request to the one endpoint', () => {
    const manifest = parse(checkedIn) as Manifest;
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['links:read', 'links:write', 'commands', 'chat:write']));
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened', 'link_shared']);
    expect(manifest.features.shortcuts).toEqual([expect.objectContaining({ type: 'message', callback_id: LOOKUP_SHORTCUT_CALLBACK_ID })]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    const urls = [manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url, manifest.features.slash_commands[0]!.url];
    expect(new Set(urls)).toEqual(new Set(['https://YOUR-API-ID.execute-api.YOUR-REGION.amazonaws.com/slack/events']));
  });

  it("is generated with the registry's UI hosts as its unfurl domains, and the rest unchanged", () => {
    const generated = parse(slackAppManifest(checkedIn, example)) as Manifest;
    const hosts = [...new Set(example.deployments.map((deployment) => new URL(deployment.uiUrl).hostname))];
    expect(generated.features.unfurl_domains).toEqual(hosts);
    const original = parse(checkedIn) as Manifest;
    expect({ ...generated, features: { ...generated.features, unfurl_domains: [] } }).toEqual({ ...original, features: { ...original.features, unfurl_domains: [] } });
  });

  it('keeps its comments (realigned) and long lines whole', () => {
    const generated = slackAppManifest(checkedIn, example);
    expect(generated).toContain('# Slack app manifest: api.slack.com/apps');
    expect(generated).toContain('- links:write # unfurl them into their cards (chat.unfurl)');
    expect(generated).toContain('usage_hint: "help | ti <deployment> <dag_id> <run> <task_id> | failed <deployment> | logs … | mark success …"');
  });

  it('names each host once, whatever the ports, paths and case, and leaves out loopback and IP addresses', () => {
    const registry = registryOf([
      'https://Airflow.Example.com/prod',
      'https://airflow.example.com:8443/staging',
      'http://127.0.0.1:8082',
      'http://localhost:8080',
      'https://tools.example.com',
    ]);
    expect(unfurlDomains(registry)).toEqual(['airflow.example.com', 'tools.example.com']);
    expect((parse(slackAppManifest(checkedIn, registryOf(['http://127.0.0.1:8082']))) as Manifest).features.unfurl_domains).toBeUndefined();
  });

  it("refuses a registry whose UIs are on more hosts than Slack's five, naming them all", () => {
    const registry = registryOf(['a', 'b', 'c', 'd', 'e', 'f'].map((host) => `https://${host}.example.com`));
    expect(() => slackAppManifest(checkedIn, registry)).toThrow(
      new BotError(
        'config',
        "deployments.yaml: the deployments' Airflow UIs are on 6 hosts, and a Slack app unfurls links of at most 5 domains (a.example.com, b.example.com, c.example.com, d.example.com, e.example.com, f.example.com).",
      ),
    );
  });
});
