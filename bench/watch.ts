/**
 * Part of `npm run bench` (alone: `npm run bench -- watch`): one watcher tick over 50 deployments,
 * each an Airflow 3 stand-in (the demo Airflow) answering every request after 100 ms, reached
 * through a counting proxy. The watch state and `webhook-id` records live in DynamoDB (dynalite, in
 * process); accepted alerts are counted, not shown (the alert worker has its own bench). Prints the
 * first tick (the seeded failures of the last hour), then a tick with nothing new. Asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { createAirflowClientRegistry } from '../src/airflow/client-registry';
import { createAlertAcceptor } from '../src/alerts/accept-alert';
import { loadAppConfig } from '../src/config/app-config';
import { parseDeployments } from '../src/config/parse-deployments';
import { createAirflowCredentialProvider } from '../src/credentials/airflow-credentials';
import { createSecretCache } from '../src/credentials/secret-cache';
import type { SecretSource } from '../src/credentials/types';
import { createLogger } from '../src/logging/logger';
import { createBotMetrics } from '../src/metrics/bot-metrics';
import { createWatcher } from '../src/runtime/watcher-runtime';
import { DEFAULT_WATCH_SETTINGS } from '../src/watcher/watch-deployment';
import { startCountingProxy } from '../local/counting-proxy';
import { startDemoAirflow } from '../local/demo-airflow/server';
import { createLambdaContext } from '../local/lambda-context';
import { BOT_TABLES, startLocalDynamoDb } from '../local/local-dynamodb';
import { createDynamoDbRunOnce } from '../src/idempotency/run-once-dynamodb';

const DEPLOYMENTS = 50;
const LATENCY_MS = 100;

export async function benchWatch(print: (line: string) => void): Promise<void> {
  const airflow = await startDemoAirflow({ dialect: 'v2', latencyMs: LATENCY_MS });
  const proxy = await startCountingProxy(airflow.url);
  const dynamo = await startLocalDynamoDb();
  try {
    const registry = parseDeployments(
      {
        deployments: Array.from({ length: DEPLOYMENTS }, (_, index) => ({
          name: `bench-${String(index).padStart(2, '0')}`,
          apiUrl: proxy.url,
          dialect: 'v2',
          auth: 'password',
          secretId: 'bench/airflow',
          defaultChannels: [`CB${String(index).padStart(8, '0')}`],
          watch: true,
        })),
      },
      'watch bench registry',
    );
    const source: SecretSource = {
      getSecretString: async (id) =>
        JSON.stringify(id === 'bench/slack' ? { signing_secret: 'bench', bot_token: 'xoxb-bench' } : { username: 'admin', password: 'admin' }),
    };
    const secrets = createSecretCache(source);
    const logger = createLogger({ level: 'silent' });
    let handedOn = 0;
    const watcher = createWatcher({
      config: loadAppConfig({ SLACK_SECRET_ID: 'bench/slack' }),
      registry,
      secrets,
      logger,
      airflow: createAirflowClientRegistry(registry.deployments, { credentials: createAirflowCredentialProvider(secrets), logger }),
      clock: Date.now,
      acceptor: createAlertAcceptor({
        once: createDynamoDbRunOnce({ client: dynamo.client, tableName: BOT_TABLES.idempotency.name, logger }),
        dispatch: async () => {
          handedOn += 1;
        },
      }),
      documents: dynamo.documents,
      alertTable: BOT_TABLES.alerts.name,
      // Counted as in AWS, never flushed: the bench prints its own figures.
      metrics: createBotMetrics({ logger }),
    });

    print(
      `\nWatcher: one tick over ${DEPLOYMENTS} deployments (Airflow 3 stand-in answering in ${LATENCY_MS} ms, ` +
        `${DEFAULT_WATCH_SETTINGS.concurrency} deployments at once)`,
    );
    for (const label of ['first tick (seeded failures of the last hour)', 'next tick (nothing new)']) {
      const before = proxy.requests.length;
      const handedBefore = handedOn;
      const started = performance.now();
      const outcomes = await watcher(createLambdaContext({ functionName: 'watcher', timeoutMs: 100_000 }));
      const wallMs = performance.now() - started;
      const requests = proxy.requests.slice(before);
      const byRoute = new Map<string, number>();
      for (const request of requests) {
        const route = `${request.method} ${request.path.replace(/\?.*$/, '')}`;
        byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
      }
      const watched = outcomes.filter((outcome) => outcome.outcome === 'watched').length;
      print(`  ${label}: ${(wallMs / 1000).toFixed(2)} s wall, ${requests.length} requests, ${handedOn - handedBefore} alerts handed on, ${watched}/${DEPLOYMENTS} watched`);
      for (const [route, count] of [...byRoute.entries()].sort()) print(`    ${String(count).padStart(4)}  ${route}`);
    }
  } finally {
    await Promise.all([airflow.close(), proxy.close(), dynamo.close()]);
  }
}
