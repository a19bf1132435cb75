import { createMemoryAuditTrail } from '../../src/audit/audit-trail-memory';
import { createMemoryNoteLease } from '../../src/changes/note-lease';
import { createMemoryPreviewStore } from '../../src/worker/previews/preview-store-memory';
import { createAccessControl } from '../../src/access/access-control';
import type { AirflowClient } from '../../src/airflow/client';
import { parseDeployments } from '../../src/config/parse-deployments';
import { BotError } from '../../src/errors';
import type { SlackRequestContext } from '../../src/protocol/job';
import { showDeployments } from '../../src/worker/commands/show-deployments';
import { createMemoryRunOnce } from '../../src/idempotency/run-once';
import type { ReplyMessage } from '../../src/slack-replies/slack-replies';
import type { WorkerDeps } from '../../src/worker/worker-deps';
import { collectingLogger } from '../audit/collecting-logger';
import { FakeAirflowClient } from '../helpers/fake-airflow-client';

const CTX: SlackRequestContext = { userId: 'U0000001', userName: 'alice', channelId: 'C0000001', responseUrl: 'http://127.0.0.1:9/r', isEphemeral: true };

/** A client whose probe waits until the test lets it answer. */
class GatedClient extends FakeAirflowClient {
  started = false;
  private release: (outcome: () => void) => void = () => undefined;
  private readonly gate = new Promise<() => void>((resolve) => {
    this.release = resolve;
  });

  answer(outcome: () => void): void {
    this.release(outcome);
  }

  override async probe() {
    this.started = true;
    (await this.gate)();
    return { dialect: 'v2' as const, version: '3.1.0' };
  }
}

function deps(clients: Record<string, AirflowClient>, sent: ReplyMessage[]): WorkerDeps {
  const { logger } = collectingLogger();
  return {
    registry: parseDeployments(
      Object.keys(clients).map((name) => ({ name, displayName: name.toUpperCase(), apiUrl: `https://${name}.example.com`, auth: 'bearer', secretId: `s/${name}` })),
      'test',
    ),
    airflow: { get: (name) => clients[name] as AirflowClient },
    access: createAccessControl({ listUserGroupMembers: async () => [], logger }),
    replies: {
      reply: async (_ctx, message) => {
        sent.push(message);
      },
      postInThread: async () => true,
      uploadFile: async () => {
        throw new Error('no file is uploaded here');
      },
    },
    once: createMemoryRunOnce({ clock: () => 0 }),
    listeners: [],
    previews: createMemoryPreviewStore(),
    audit: createMemoryAuditTrail({ clock: () => 0, ttlDays: 400 }),
    noteLease: createMemoryNoteLease(() => 0),
    logger,
    clock: () => 0,
    slashCommand: '/airflow',
    newId: () => 'id',
  };
}

describe('showDeployments', () => {
  it('asks every deployment at once and lists each as it answered', async () => {
    const prod = new GatedClient('prod', []);
    const legacy = new GatedClient('legacy', []);
    const sent: ReplyMessage[] = [];

    const done = showDeployments({ name: 'deployments', share: false }, CTX, deps({ prod, legacy }, sent));
    await new Promise((resolve) => setImmediate(resolve));

    // Both probes are under way before either has answered.
    expect([prod.started, legacy.started]).toEqual([true, true]);
    legacy.answer(() => {
      throw new BotError('unavailable', 'legacy: could not reach Airflow at https://legacy.example.com for the API version (ECONNREFUSED)');
    });
    prod.answer(() => undefined);
    await done;

    expect(sent.map((m) => m.text)).toEqual(['2 deployments: 1 unreachable']);
    expect(JSON.stringify(sent[0]?.blocks)).toContain(
      'unreachable: could not reach Airflow at https://legacy.example.com for the API version (ECONNREFUSED)',
    );
    expect(JSON.stringify(sent[0]?.blocks)).toContain('*PROD* `prod` · reachable · Airflow 3.1.0');
  });
});
