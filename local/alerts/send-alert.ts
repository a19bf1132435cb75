/**
 * `npm run alert -- <event> <deployment> <dag> <run> <task>`: signs and posts one alert event to
 * the local bot as the Airflow notifier does (`<run>` may be `latest` or a logical date, found in
 * the local Airflow); `--seeded` sends every failure the demo Airflows were seeded with. `ALERT_URL` and `ALERT_SECRET` point it elsewhere.
 */
import path from 'node:path';
import { localPorts } from '../local-settings';
import { parseAlertCliArgs } from './alert-cli-args';
import { LOCAL_ALERT_SECRET, localAlertsUrl } from './local-alert-settings';
import { postSignedEvent } from './post-signed-event';
import { resolveRunId } from '../../src/changes/target';
import { parseRunSpec } from '../../src/protocol/parse-run';
import { localAirflowClients, seededFailures } from './seeded-failures';

async function main(): Promise<number> {
  const request = parseAlertCliArgs(process.argv.slice(2));
  if (request.kind === 'usage') {
    process.stderr.write(`${request.message}\n`);
    return 2;
  }
  const url = process.env.ALERT_URL ?? localAlertsUrl(`http://127.0.0.1:${localPorts(process.env).bot}`);
  const secret = process.env.ALERT_SECRET ?? LOCAL_ALERT_SECRET;
  const seeded =
    request.kind === 'event' ? { events: [await withRunId(request.event)], problems: [] } : await seededFailures(path.resolve('.local'));
  // A deployment that could not be read is named; the others' failures are sent all the same.
  for (const problem of seeded.problems) process.stderr.write(`Could not list the failures of ${problem}\n`);
  let failures = seeded.problems.length;
  for (const event of seeded.events) {
    const result = await postSignedEvent(fetch, url, secret, JSON.stringify(event));
    const what = `${String(event.event)} ${String(event.deployment)} ${String(event.dag_id)} ${String(event.run_id)} ${String(event.task_id ?? '')}`.trim();
    process.stdout.write(`${result.status} ${what} (webhook-id ${result.webhookId}) ${result.body}\n`);
    if (result.status >= 300) failures += 1;
  }
  return failures === 0 ? 0 : 1;
}

/**
 * The event with `latest` or a logical date in place of its run id resolved as Slack resolves it,
 * through the running `npm start`'s deployments: the demo's run ids change with the day.
 */
async function withRunId(event: Record<string, unknown>): Promise<Record<string, unknown>> {
  const run = parseRunSpec(String(event.run_id));
  if (!run.ok || run.value.kind === 'id') return event;
  const { airflow } = localAirflowClients(path.resolve('.local'));
  return { ...event, run_id: await resolveRunId(airflow.get(String(event.deployment)), String(event.dag_id), run.value) };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Could not send: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
