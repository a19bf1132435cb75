/**
 * `npm run alert -- <event> <deployment> <dag> <run> <task>`: signs and posts one alert event to
 * the local bot as the Airflow notifier does; `--seeded` sends every failure the demo Airflows
 * (demo-v1 and demo-v2) were seeded with. `ALERT_URL` and `ALERT_SECRET` point it elsewhere.
 */
import path from 'node:path';
import { createAirflowClientRegistry } from '../../src/airflow/client-registry';
import { createAirflowCredentialProvider } from '../../src/credentials/airflow-credentials';
import { basicsFromEnv } from '../../src/runtime/basics-from-env';
import { localPorts } from '../local-settings';
import { parseAlertCliArgs } from './alert-cli-args';
import { LOCAL_ALERT_SECRET, localAlertsUrl } from './local-alert-settings';
import { postSignedEvent } from './post-signed-event';

async function main(): Promise<number> {
  const request = parseAlertCliArgs(process.argv.slice(2));
  if (request.kind === 'usage') {
    process.stderr.write(`${request.message}\n`);
    return 2;
  }
  const url = process.env.ALERT_URL ?? localAlertsUrl(`http://127.0.0.1:${localPorts(process.env).bot}`);
  const secret = process.env.ALERT_SECRET ?? LOCAL_ALERT_SECRET;
  const events = request.kind === 'event' ? [request.event] : await seededFailures();
  let failures = 0;
  for (const event of events) {
    const result = await postSignedEvent(fetch, url, secret, JSON.stringify(event));
    const what = `${String(event.event)} ${String(event.dag_id)} ${String(event.run_id)} ${String(event.task_id ?? '')}`.trim();
    process.stdout.write(`${result.status} ${what} (webhook-id ${result.webhookId}) ${result.body}\n`);
    if (result.status >= 300) failures += 1;
  }
  return failures === 0 ? 0 : 1;
}

/** The failed task instances of the running demo Airflows (demo-v1, demo-v2), read through the bot's own client and `.local/` files. */
async function seededFailures(): Promise<Record<string, unknown>[]> {
  const local = path.resolve('.local');
  const basics = basicsFromEnv({
    DEPLOYMENTS_FILE: path.join(local, 'deployments.json'),
    LOCAL_CREDENTIALS_FILE: path.join(local, 'credentials.json'),
    LOG_LEVEL: 'silent',
  });
  const airflow = createAirflowClientRegistry(basics.registry.deployments, {
    credentials: createAirflowCredentialProvider(basics.secrets),
    logger: basics.logger,
  });
  const events: Record<string, unknown>[] = [];
  // The plain demo Airflows only: the platform demos (MWAA's login, Composer's token exchange)
  // need the AWS and Google stand-ins' settings, which only the `npm start` process has.
  for (const deployment of basics.registry.deployments.filter((entry) => (entry.platform ?? 'airflow') === 'airflow')) {
    const failed = await airflow.get(deployment.name).listFailedTaskInstances({ limit: 50 });
    for (const ti of failed) {
      events.push({
        version: 1,
        event: ti.state === 'up_for_retry' ? 'task_instance.up_for_retry' : 'task_instance.failed',
        deployment: deployment.name,
        dag_id: ti.dagId,
        run_id: ti.runId,
        task_id: ti.taskId,
        map_index: ti.mapIndex,
        try_number: ti.tryNumber,
      });
    }
  }
  return events;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Could not send: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
