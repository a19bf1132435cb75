import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDeployments } from '../../src/config/parse-deployments';
import { createSecretCache } from '../../src/credentials/secret-cache';
import { receiveWebhook, type ReceiveWebhookDeps } from '../../src/webhooks/receive-webhook';
import { verifySignature } from '../../src/webhooks/verify-signature';
import { collectingLogger } from '../audit/collecting-logger';
import { MemorySecretSource } from '../credentials/memory-secret-source';
import { newWebhookSecret, signatureFor, signedWebhookEvent } from '../helpers/signed-webhook';

const DQ_SECRET = newWebhookSecret();
const DQ_NEXT_SECRET = newWebhookSecret();
const OTHER_SECRET = newWebhookSecret();

const registry = parseDeployments(
  {
    deployments: [{ name: 'prod', apiUrl: 'https://airflow.example.com', auth: 'basic', secretId: 'airflow/prod' }],
    sources: [
      { name: 'dq-monitor', secretId: 'sources/dq-monitor', deployments: ['prod'] },
      { name: 'incidents', secretId: 'sources/incidents', deployments: ['prod'] },
      { name: 'broken', secretId: 'sources/broken' },
    ],
  },
  'test registry',
);

const BODY = JSON.stringify({ action: 'lookup', deployment: 'prod' });

function setup() {
  const source = new MemorySecretSource({
    'sources/dq-monitor': JSON.stringify({ secrets: [DQ_SECRET, DQ_NEXT_SECRET] }),
    'sources/incidents': JSON.stringify({ secrets: [OTHER_SECRET] }),
    'sources/broken': JSON.stringify({ secrets: ['not-a-whsec-secret'] }),
  });
  const { logger, lines } = collectingLogger();
  const deps: ReceiveWebhookDeps = { registry, secrets: createSecretCache(source), logger };
  return { deps, lines, source };
}

const signed = (overrides: Partial<Parameters<typeof signedWebhookEvent>[0]> = {}) =>
  signedWebhookEvent({ route: 'actions', source: 'dq-monitor', secret: DQ_SECRET, body: BODY, ...overrides });

const now = () => Math.floor(Date.now() / 1000);

const UNAUTHORIZED = { error: { code: 'unauthorized', message: 'The request is not signed by a known source.' } };

describe('receiveWebhook', () => {
  it('accepts a request signed with the source secret and hands back the source, id, time and payload', async () => {
    const { deps, lines } = setup();
    const timestamp = now();
    const received = await receiveWebhook(signed({ id: 'msg_1', timestamp }), deps);
    expect(received).toEqual({
      ok: true,
      source: { name: 'dq-monitor', secretId: 'sources/dq-monitor', deployments: ['prod'] },
      webhookId: 'msg_1',
      timestamp: new Date(timestamp * 1000),
      payload: { action: 'lookup', deployment: 'prod' },
    });
    expect(lines).toEqual([]);
  });

  it('accepts the second secret of a rotation, and a header carrying several signatures', async () => {
    const { deps } = setup();
    expect((await receiveWebhook(signed({ secret: DQ_NEXT_SECRET }), deps)).ok).toBe(true);
    const id = 'msg_rotating';
    const timestamp = now();
    const both = `${signatureFor(OTHER_SECRET, id, timestamp, BODY)} ${signatureFor(DQ_NEXT_SECRET, id, timestamp, BODY)}`;
    expect((await receiveWebhook(signed({ id, timestamp, signature: both }), deps)).ok).toBe(true);
  });

  it('accepts a base64-encoded body as API Gateway sends for non-text types', async () => {
    const { deps } = setup();
    const event = signed();
    const base64 = { ...event, body: Buffer.from(BODY).toString('base64'), isBase64Encoded: true };
    expect(await receiveWebhook(base64, deps)).toMatchObject({ ok: true, payload: { action: 'lookup' } });
  });

  const unauthorizedCases: [string, () => ReturnType<typeof signed>, string][] = [
    ['a wrong signature', () => signed({ signature: 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' }), 'bad signature'],
    ["another source's secret", () => signed({ secret: OTHER_SECRET }), 'bad signature'],
    ['a timestamp 6 minutes old', () => signed({ timestamp: now() - 360 }), 'stale timestamp'],
    ['a timestamp 6 minutes in the future', () => signed({ timestamp: now() + 360 }), 'timestamp in the future'],
    [
      'one byte of the body changed after signing',
      () => {
        const event = signed();
        return { ...event, body: event.body!.replace('lookup', 'lookuq') };
      },
      'bad signature',
    ],
    ['no webhook-signature header', () => signed({ omit: ['webhook-signature'] }), 'missing signature headers'],
    ['no webhook-id header', () => signed({ omit: ['webhook-id'] }), 'missing signature headers'],
    ['no webhook-timestamp header', () => signed({ omit: ['webhook-timestamp'] }), 'missing signature headers'],
    ['a timestamp that is not a number', () => ({ ...signed(), headers: { ...signed().headers, 'webhook-timestamp': '17e8' } }), 'malformed webhook-timestamp'],
    ['an unknown source', () => signed({ source: 'nobody' }), 'unknown source'],
    ['a v2 signature only', () => signed({ signature: signed().headers['webhook-signature']!.replace('v1,', 'v2,') }), 'bad signature'],
  ];

  it.each(unauthorizedCases)('refuses %s with 401, the same body, and one log line', async (_name, build, reason) => {
    const { deps, lines } = setup();
    const received = await receiveWebhook(build(), deps);
    expect(received.ok).toBe(false);
    if (received.ok) return;
    expect(received.response.statusCode).toBe(401);
    expect(JSON.parse(received.response.body)).toEqual(UNAUTHORIZED);
    expect(received.response.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', msg: 'webhook refused', status: 401, reason });
  });

  it('refuses a 300 KiB body with 413 before reading any secret', async () => {
    const { deps, lines, source } = setup();
    const body = JSON.stringify({ action: 'note', note: 'x'.repeat(300 * 1024) });
    const received = await receiveWebhook(signed({ body }), deps);
    expect(received).toEqual({
      ok: false,
      response: expect.objectContaining({ statusCode: 413 }),
    });
    if (received.ok) return;
    expect(JSON.parse(received.response.body)).toEqual({
      error: { code: 'invalid', message: `The body is ${Buffer.byteLength(body)} bytes; at most 262144 are accepted.` },
    });
    expect(source.calls).toEqual([]);
    expect(lines).toEqual([expect.objectContaining({ status: 413, reason: 'body too large' })]);
  });

  it('accepts a body of exactly 256 KiB', async () => {
    const { deps } = setup();
    const filler = 'x'.repeat(256 * 1024 - '{"n":""}'.length);
    const body = `{"n":"${filler}"}`;
    expect(Buffer.byteLength(body)).toBe(256 * 1024);
    expect((await receiveWebhook(signed({ body }), deps)).ok).toBe(true);
  });

  it('refuses a signed body that is not JSON with 400', async () => {
    const { deps, lines } = setup();
    const received = await receiveWebhook(signed({ body: '{"action": "lookup",' }), deps);
    expect(received.ok).toBe(false);
    if (received.ok) return;
    expect(received.response.statusCode).toBe(400);
    expect(JSON.parse(received.response.body)).toEqual({ error: { code: 'invalid', message: 'The body is not JSON.' } });
    expect(lines).toEqual([expect.objectContaining({ status: 400, reason: 'not JSON' })]);
  });

  it('answers 503 when the source secret is unusable, and logs its id but no value', async () => {
    const { deps, lines } = setup();
    const received = await receiveWebhook(signed({ source: 'broken' }), deps);
    expect(received.ok).toBe(false);
    if (received.ok) return;
    expect(received.response.statusCode).toBe(503);
    expect(JSON.parse(received.response.body)).toEqual({
      error: { code: 'unavailable', message: 'The webhook cannot be verified right now; try again later.' },
    });
    expect(lines.map((line) => line.msg)).toEqual(['could not read the source secret', 'webhook refused']);
    expect(JSON.stringify(lines)).toContain('sources/broken');
    expect(JSON.stringify(lines)).not.toContain('not-a-whsec-secret');
  });

  it('never writes a secret, a signature or the body into its log lines', async () => {
    const { deps, lines } = setup();
    const event = signed({ secret: OTHER_SECRET });
    await receiveWebhook(event, deps);
    const text = JSON.stringify(lines);
    for (const secret of [DQ_SECRET, DQ_NEXT_SECRET, OTHER_SECRET]) expect(text).not.toContain(secret.slice(6));
    expect(text).not.toContain(event.headers['webhook-signature']!.slice(3));
    expect(text).not.toContain('lookup');
  });
});

describe('verifySignature and the shared test vectors', () => {
  const { vectors } = JSON.parse(readFileSync(path.join(__dirname, 'signature-vectors.json'), 'utf8')) as {
    vectors: { name: string; secret: string; id: string; timestamp: number; body: string; signature: string }[];
  };

  it.each(vectors.map((vector) => [vector.name, vector] as const))('reproduces and verifies %s', (_name, vector) => {
    expect(signatureFor(vector.secret, vector.id, vector.timestamp, vector.body)).toBe(vector.signature);
    const at = jest.spyOn(Date, 'now').mockReturnValue(vector.timestamp * 1000);
    try {
      const request = { id: vector.id, timestamp: String(vector.timestamp), body: Buffer.from(vector.body) };
      expect(verifySignature([vector.secret], { ...request, signature: vector.signature })).toBe(true);
      expect(verifySignature([vector.secret], { ...request, body: Buffer.from(`${vector.body} `), signature: vector.signature })).toBe(false);
    } finally {
      at.mockRestore();
    }
  });
});
