/**
 * `npm run demo-airflow`: an Airflow 2 (v1) and an Airflow 3 (v2) demo on loopback, for the bot
 * to talk to on a laptop with no Airflow. Ports from `DEMO_AIRFLOW_V1_PORT` (8081) and
 * `DEMO_AIRFLOW_V2_PORT` (8082). Ctrl-C stops both.
 */
import { startDemoAirflow, type DemoAirflow } from './server';

function portFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`${name} must be a port number (0-65535), got "${text}"`);
  }
  return port;
}

async function main(): Promise<void> {
  const username = 'admin';
  const password = 'admin';
  const servers: DemoAirflow[] = [
    await startDemoAirflow({ dialect: 'v1', port: portFromEnv('DEMO_AIRFLOW_V1_PORT', 8081), username, password }),
    await startDemoAirflow({ dialect: 'v2', port: portFromEnv('DEMO_AIRFLOW_V2_PORT', 8082), username, password }),
  ];
  const [v1, v2] = servers;
  process.stdout.write(
    [
      'Demo Airflow is running:',
      `  Airflow 2 (v1): ${v1?.url}/api/v1  (HTTP basic auth ${username} / ${password})`,
      `  Airflow 3 (v2): ${v2?.url}/api/v2  (POST ${v2?.url}/auth/token with {"username":"${username}","password":"${password}"})`,
      'DAGs: etl_daily, ml_training, reports_hourly, flaky_hourly, fanout_big; on Airflow 3 also release_approval and',
      'backfill_review, each with a human-in-the-loop request waiting (GET /api/v2/dags/~/dagRuns/~/hitlDetails). Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    void Promise.all(servers.map((s) => s.close())).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Demo Airflow failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
