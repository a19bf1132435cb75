import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { createLambdaContext } from '../../local/lambda-context';
import { startDemoAirflow, type DemoAirflow } from '../../local/demo-airflow/server';
import { BOT_TABLES, startLocalDynamoDb, type LocalDynamoDb } from '../../local/local-dynamodb';
import { actionsFromEnv } from '../../src/runtime/actions-from-env';
import type { HttpHandler } from '../../src/runtime/slack-events-runtime';
import type { ChangeListener } from '../../src/changes/change';
import { collectingLogger } from '../audit/collecting-logger';
import { newWebhookSecret, signedWebhookEvent, type SignedWebhookOptions } from '../helpers/signed-webhook';

export const DQ_SECRET = newWebhookSecret();
export const READER_SECRET = newWebhookSecret();
export const INCIDENTS_SECRET = newWebhookSecret();
export const SCRIBE_SECRET = newWebhookSecret();
export const IDEMPOTENCY_TABLE = 'webhook-actions-idempotency';

export interface ActionAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** One Airflow request as the bot sent it. */
export interface SentRequest {
  method: string;
  url: string;
  body?: string;
}

export interface ActionsFixture {
  airflow: { v1: DemoAirflow; v2: DemoAirflow };
  dynamo: LocalDynamoDb;
  handler: HttpHandler;
  /** Every request the handler sent to either Airflow. */
  sent: SentRequest[];
  logLines: Record<string, unknown>[];
  /** Signs `payload` as `source` and sends it through the handler; the JSON answer. */
  send(payload: unknown, options?: Partial<SignedWebhookOptions>): Promise<ActionAnswer>;
  /** Sends an already signed request through the handler. */
  sendEvent(event: APIGatewayProxyEventV2): Promise<ActionAnswer>;
  close(): Promise<void>;
}

/**
 * The real actions handler (`actionsFromEnv`, as `handlers/actions.ts` builds it) against two demo
 * Airflows and an in-process DynamoDB engine. Sources: `dq-monitor` may do everything on both
 * deployments, `reader` may only read, `incidents` may read, mark and clear, `scribe` may note, mark and clear but not read.
 */
export async function startActionsFixture(
  options: {
    airflowLatencyMs?: number;
    airflowTimeoutMs?: number;
    /** Delays the answer to every mutating request by this much, after Airflow has applied it. */
    slowMutationsMs?: number;
    listeners?: ChangeListener[];
    /** Answers a request in Airflow's place when it returns a response (given every request sent so far). */
    intercept?: (request: SentRequest, sent: readonly SentRequest[]) => Response | undefined;
    /** More registry entries (the managed platforms' stand-ins), with their secrets by id; every source may act on them as on the demos. */
    more?: { deployments: Record<string, unknown>[]; secrets: Record<string, unknown> };
  } = {},
): Promise<ActionsFixture> {
  const latency = options.airflowLatencyMs === undefined ? {} : { latencyMs: options.airflowLatencyMs };
  const v1 = await startDemoAirflow({ dialect: 'v1', ...latency });
  const v2 = await startDemoAirflow({ dialect: 'v2', ...latency });
  const dynamo = await startLocalDynamoDb({ idempotencyTable: IDEMPOTENCY_TABLE });
  const directory = mkdtempSync(path.join(tmpdir(), 'webhook-actions-'));
  const credentialsFile = path.join(directory, 'credentials.json');
  writeFileSync(
    credentialsFile,
    JSON.stringify({
      'airflow/demo-v1': { username: 'admin', password: 'admin' },
      'airflow/demo-v2': { username: 'admin', password: 'admin' },
      'sources/dq-monitor': { secrets: [DQ_SECRET] },
      'sources/reader': { secrets: [READER_SECRET] },
      'sources/incidents': { secrets: [INCIDENTS_SECRET] },
      'sources/scribe': { secrets: [SCRIBE_SECRET] },
      ...options.more?.secrets,
    }),
  );
  const sourceActions = { 'dq-monitor': ['read', 'note', 'mark', 'clear'], reader: ['read'], incidents: ['read', 'mark', 'clear'], scribe: ['note', 'mark', 'clear'] };
  const registry = {
    deployments: [
      { name: 'demo-v1', apiUrl: v1.url, dialect: 'v1', auth: 'basic', secretId: 'airflow/demo-v1', sourceActions },
      { name: 'demo-v2', apiUrl: v2.url, dialect: 'v2', auth: 'password', secretId: 'airflow/demo-v2', sourceActions },
      ...(options.more?.deployments ?? []).map((deployment) => ({ ...deployment, sourceActions })),
    ],
    sources: [
      { name: 'dq-monitor', secretId: 'sources/dq-monitor' },
      { name: 'reader', secretId: 'sources/reader' },
      { name: 'incidents', secretId: 'sources/incidents' },
      { name: 'scribe', secretId: 'sources/scribe' },
    ],
  };
  const sent: SentRequest[] = [];
  const countingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const body = request.method === 'GET' ? undefined : await request.clone().text();
    const entry = { method: request.method, url: request.url, ...(body === undefined ? {} : { body }) };
    sent.push(entry);
    const intercepted = options.intercept?.(entry, sent);
    if (intercepted !== undefined) return intercepted;
    const response = await fetch(request);
    if (options.slowMutationsMs !== undefined && mutatingRequests([entry]).length > 0) {
      await new Promise((resolve) => setTimeout(resolve, options.slowMutationsMs));
    }
    return response;
  };
  const { logger, lines } = collectingLogger();
  const handler = actionsFromEnv(
    {
      DEPLOYMENTS_JSON: JSON.stringify(registry),
      LOCAL_CREDENTIALS_FILE: credentialsFile,
      IDEMPOTENCY_TABLE,
      // The audit trail and the leases in the engine, as deployed: webhook changes are recorded like Slack's.
      AUDIT_TABLE: BOT_TABLES.audit.name,
      NOTE_LEASE_TABLE: BOT_TABLES.noteLeases.name,
      ...(options.airflowTimeoutMs === undefined ? {} : { AIRFLOW_TIMEOUT_MS: String(options.airflowTimeoutMs) }),
    },
    {
      dynamoDb: dynamo.client,
      fetch: countingFetch,
      logger,
      ...(options.listeners === undefined ? {} : { listeners: options.listeners }),
    },
  );

  async function sendEvent(event: APIGatewayProxyEventV2): Promise<ActionAnswer> {
    const context = createLambdaContext({ functionName: 'actions', timeoutMs: 28_000 });
    const result = (await handler(event, context)) as Exclude<APIGatewayProxyResultV2, string>;
    return { status: result.statusCode ?? 0, body: JSON.parse(result.body ?? 'null') as Record<string, unknown> };
  }

  return {
    airflow: { v1, v2 },
    dynamo,
    handler,
    sent,
    logLines: lines,
    send: (payload, signing = {}) =>
      sendEvent(
        signedWebhookEvent({ route: 'actions', source: 'dq-monitor', secret: DQ_SECRET, body: JSON.stringify(payload), ...signing }),
      ),
    sendEvent,
    async close() {
      await Promise.all([v1.close(), v2.close(), dynamo.close()]);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Airflow requests that change something: every non-GET except dry runs (and v2's token exchange). */
export function mutatingRequests(sent: readonly SentRequest[]): SentRequest[] {
  return sent.filter(
    (request) =>
      request.method !== 'GET' &&
      !request.url.endsWith('/auth/token') &&
      !/"dry_run"\s*:\s*true/.test(request.body ?? '') &&
      !new URL(request.url).pathname.endsWith('/dry_run'),
  );
}
