import { createAirflowClient } from '../../src/airflow/create-airflow-client';
import type { TaskAction, TaskInstanceRef } from '../../src/airflow/model';
import type { AstroDeployment } from '../../src/config/types';
import { createAirflowCredentialProvider } from '../../src/credentials/airflow-credentials';
import { createSecretCache } from '../../src/credentials/secret-cache';
import { startDemoAirflow, type DemoAirflow } from '../../local/demo-airflow/server';
import { startAstroStandIn, type AstroStandIn } from '../../local/platform-stand-ins/astro-stand-in';
import type { GatewayExchange } from '../../local/platform-stand-ins/gateway';
import { expectBotError } from '../airflow/expect-bot-error';
import { MemorySecretSource } from '../credentials/memory-secret-source';
import { AstroCoreApiContract } from './astro-core-api-contract';

const IDS = { organizationId: 'org123', workspaceId: 'ws456', deploymentId: 'dep789' };
const TOKEN = 'astro-api-token';
const MARK_SUCCESS: TaskAction = { kind: 'set_state', newState: 'success', includeUpstream: false, includeDownstream: false };
const CLEAR: TaskAction = { kind: 'clear', includeUpstream: false, includeDownstream: true };

describe("Astronomer's core API for marks and clears", () => {
  let contract: AstroCoreApiContract;
  let airflow: DemoAirflow;
  let standIn: AstroStandIn;
  const exchanges: GatewayExchange[] = [];

  beforeAll(async () => {
    contract = await AstroCoreApiContract.load();
    airflow = await startDemoAirflow({ dialect: 'v1' });
    standIn = await startAstroStandIn({ airflow, token: TOKEN, ids: IDS, observe: (exchange) => exchanges.push(exchange) });
  });
  afterAll(async () => {
    await standIn.close();
    await airflow.close();
  });

  beforeEach(() => {
    airflow.store.reset();
    exchanges.length = 0;
    standIn.coreApiCalls.length = 0;
  });

  // Both ways: every request the client sent and every answer it read keep the described contract.
  afterEach(() => {
    const problems = exchanges
      .filter((e) => e.request.path.startsWith('/v1alpha1/'))
      .flatMap((e) => contract.errors({ ...e.request, body: JSON.parse(e.request.text) as unknown }, e.status, e.body));
    if (problems.length > 0) throw new Error(`The core API contract was broken:\n${problems.join('\n')}`);
  });

  const client = (actions: AstroDeployment['actions'] = 'astro-core-api', token = TOKEN) => {
    const deployment: AstroDeployment = {
      platform: 'astro',
      name: 'astro-prod',
      displayName: 'Astro prod',
      apiUrl: standIn.url,
      uiUrl: standIn.url,
      dialect: 'v1',
      secretId: 'airflow/astro-prod',
      actions,
      coreApiUrl: standIn.url,
      ...IDS,
      defaultChannels: [],
    };
    const secrets = new MemorySecretSource({ 'airflow/astro-prod': JSON.stringify({ token }) });
    return createAirflowClient(deployment, {
      credentials: createAirflowCredentialProvider(createSecretCache(secrets)),
      retry: { limit: 2, backoffMs: 1 },
    });
  };
  const latestRun = () => airflow.store.runs().filter((r) => r.dagId === 'etl_daily').sort((a, b) => b.runAfter - a.runAfter)[0]!.runId;
  const transform = (): TaskInstanceRef => ({ dagId: 'etl_daily', runId: latestRun(), taskId: 'transform', mapIndex: -1 });
  const states = () => JSON.stringify(airflow.store.taskInstances().map((ti) => [ti.taskId, ti.runId, ti.state, ti.tryNumber]));
  const coreCalls = () => standIn.coreApiCalls.map((call) => [call.route, (call.body as { is_dry_run: boolean }).is_dry_run]);
  const mutatingAirflowCalls = () => exchanges.filter((e) => e.via === 'airflow' && e.request.method !== 'GET');

  it('previews a mark with is_dry_run: true and changes nothing', async () => {
    const before = states();
    const preview = await client().previewAction(transform(), MARK_SUCCESS);
    expect(preview.affected.map((ti) => [ti.taskId, ti.state])).toEqual([['transform', 'failed']]);
    expect(coreCalls()).toEqual([['update_task_instances_state', true]]);
    expect(states()).toBe(before);
    expect(mutatingAirflowCalls()).toEqual([]);
  });

  it('applies a mark with exactly one mutating core API call', async () => {
    const affected = await client().applyAction(transform(), MARK_SUCCESS);
    expect(affected.map((ti) => [ti.taskId, ti.state])).toEqual([['transform', 'failed']]);
    expect(coreCalls()).toEqual([['update_task_instances_state', false]]);
    expect(airflow.store.taskInstance('etl_daily', latestRun(), 'transform')!.state).toBe('success');
    expect(mutatingAirflowCalls()).toEqual([]);
  });

  it('previews and applies a clear with its downstream tasks', async () => {
    const astro = client();
    const before = states();
    const preview = await astro.previewAction(transform(), CLEAR);
    expect(preview.affected.map((ti) => ti.taskId).sort()).toEqual(['load', 'notify', 'transform']);
    expect(states()).toBe(before);
    await astro.applyAction(transform(), CLEAR);
    expect(coreCalls()).toEqual([
      ['clear_task_instances', true],
      ['clear_task_instances', false],
    ]);
    expect(airflow.store.taskInstance('etl_daily', latestRun(), 'transform')!.state).toBeNull();
    expect(mutatingAirflowCalls()).toEqual([]);
  });

  it('marks a mapped task instance through the PATCH of one task, naming its map index', async () => {
    const ref = { ...transform(), mapIndex: 3 };
    await expectBotError(
      client().previewAction(ref, MARK_SUCCESS),
      'not_found',
      `astro-prod: Astronomer's core API found nothing to mark task instance etl_daily / ${ref.runId} / transform [3] success (HTTP 404): ` +
        'check organizationId, workspaceId and deploymentId, and that the run exists: ' +
        `Task instance transform with map_index 3 not found in DAG run '${ref.runId}' of DAG 'etl_daily'`,
    );
    expect(standIn.coreApiCalls.map((c) => [c.route, c.body])).toEqual([
      ['update_task_instance', { new_state: 'success', is_dry_run: true, map_index: 3 }],
    ]);
  });

  it('marks through the Airflow API, with the Astro API token as bearer, when actions is airflow-api', async () => {
    await client('airflow-api').applyAction(transform(), MARK_SUCCESS);
    expect(coreCalls()).toEqual([]);
    const mutations = mutatingAirflowCalls();
    expect(mutations.map((e) => [e.request.method, e.request.path, e.request.headers.authorization])).toEqual([
      ['POST', '/api/v1/dags/etl_daily/updateTaskInstancesState', `Bearer ${TOKEN}`],
    ]);
    expect(airflow.store.taskInstance('etl_daily', latestRun(), 'transform')!.state).toBe('success');
  });

  it('reads with the Astro API token, and says so when the gateway refuses it', async () => {
    await expectBotError(
      client('astro-core-api', 'revoked-token').getTaskInstance(transform()),
      'unauthorized',
      `astro-prod: Airflow rejected the bot's credentials for task instance etl_daily / ${latestRun()} / transform: Not authenticated`,
    );
  });

  describe.each([
    [400, 'invalid', "astro-prod: Astronomer's core API rejected the request to mark {ti} success (HTTP 400): Refused with 400"],
    [401, 'unauthorized', 'astro-prod: Astronomer\'s core API did not accept the Astro API token in secret "airflow/astro-prod" (HTTP 401); it may have expired or been deleted'],
    [403, 'forbidden', 'astro-prod: the Astro API token may not mark {ti} success in deployment dep789 (HTTP 403); it needs a role that may operate the deployment'],
    [404, 'not_found', "astro-prod: Astronomer's core API found nothing to mark {ti} success (HTTP 404): check organizationId, workspaceId and deploymentId, and that the run exists: Refused with 404"],
    [500, 'unavailable', "astro-prod: Astronomer's core API failed (HTTP 500) to mark {ti} success; nothing was confirmed changed, try again later"],
  ] as const)('a core API %i', (status, kind, message) => {
    it('gives a clear message and changes nothing', async () => {
      const before = states();
      const ref = transform();
      // Two failures: a 401 is retried once with the secret read again.
      standIn.failCoreApiCalls(status, 2);
      await expectBotError(client().applyAction(ref, MARK_SUCCESS), kind, message.replace('{ti}', `task instance etl_daily / ${ref.runId} / transform`));
      expect(states()).toBe(before);
      expect(exchanges.filter((e) => e.request.path.startsWith('/v1alpha1/'))).toHaveLength(status === 401 ? 2 : 1);
      standIn.failCoreApiCalls(200, 0);
    });
  });
});
