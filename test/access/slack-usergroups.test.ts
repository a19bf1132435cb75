import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { usergroupMembersFromWebClient } from '../../src/access/slack-usergroups';

interface SeenRequest {
  path: string;
  body: string;
  authorization: string | undefined;
}

/** A local stand-in for the Slack Web API that answers every call with `reply`. */
async function startSlackApi(reply: (req: SeenRequest) => { status: number; json: unknown }) {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (part: string) => (body += part));
    req.on('end', () => {
      const request = { path: req.url ?? '', body, authorization: req.headers.authorization };
      seen.push(request);
      const { status, json } = reply(request);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new WebClient('xoxb-test-token', {
    slackApiUrl: `http://127.0.0.1:${port}/api/`,
    retryConfig: { retries: 0 },
  });
  const close = () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return { seen, client, close };
}

describe('usergroupMembersFromWebClient', () => {
  it('calls usergroups.users.list for the group and returns its user ids', async () => {
    const slack = await startSlackApi(() => ({ status: 200, json: { ok: true, users: ['U1', 'U2'] } }));
    try {
      const list = usergroupMembersFromWebClient(slack.client);
      await expect(list('S0OPS')).resolves.toEqual(['U1', 'U2']);
      expect(slack.seen).toHaveLength(1);
      expect(slack.seen[0]?.path).toBe('/api/usergroups.users.list');
      expect(new URLSearchParams(slack.seen[0]?.body).get('usergroup')).toBe('S0OPS');
      expect(slack.seen[0]?.authorization).toBe('Bearer xoxb-test-token');
    } finally {
      await slack.close();
    }
  });

  it('returns no members when Slack omits the list', async () => {
    const slack = await startSlackApi(() => ({ status: 200, json: { ok: true } }));
    try {
      await expect(usergroupMembersFromWebClient(slack.client)('S0OPS')).resolves.toEqual([]);
    } finally {
      await slack.close();
    }
  });

  it("throws Slack's error when the group does not exist", async () => {
    const slack = await startSlackApi(() => ({ status: 200, json: { ok: false, error: 'no_such_subteam' } }));
    try {
      await expect(usergroupMembersFromWebClient(slack.client)('S0GONE')).rejects.toThrow(
        'An API error occurred: no_such_subteam',
      );
    } finally {
      await slack.close();
    }
  });
});
