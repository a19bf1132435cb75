/**
 * `npm start`: the bot and a Slack stand-in on 127.0.0.1, with no AWS or Slack account, against
 * the two demo Airflows, or against your own Airflows when `DEPLOYMENTS_FILE` (and
 * `LOCAL_CREDENTIALS_FILE`) are set. Talk to it with `npm run slack -- "/airflow help"`. Ctrl-C
 * stops everything.
 */
import path from 'node:path';
import { startLocalStack, type LocalStack } from './local-stack';
import { localPorts } from './local-settings';

async function main(): Promise<void> {
  const deploymentsFile = nonEmpty(process.env.DEPLOYMENTS_FILE);
  const stack = await startLocalStack({
    ports: localPorts(process.env),
    stateDirectory: path.resolve('.local'),
    deploymentsFile,
    credentialsFile: nonEmpty(process.env.LOCAL_CREDENTIALS_FILE),
    watchIntervalMs: watchIntervalSeconds(process.env.WATCH_INTERVAL_SECONDS) * 1000,
    oncallIntervalMs: intervalSeconds('ONCALL_INTERVAL_SECONDS', process.env.ONCALL_INTERVAL_SECONDS) * 1000,
  });
  process.stdout.write(banner(stack, deploymentsFile !== undefined));
  const stop = (): void => {
    void stack.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function banner(stack: LocalStack, ownRegistry: boolean): string {
  const lines = [
    'airflow-slack-ops is running locally:',
    `  bot (API Gateway stand-in)  POST ${stack.slackEventsUrl}`,
    `  webhook actions             POST ${stack.actionsUrl}/demo   (Standard Webhooks; README "Webhook actions")`,
    `  alerts                      POST ${stack.alertsUrl}   (npm run alert; README "Alerts")`,
    `  Slack stand-in              ${stack.standIn.url}`,
    `  watcher                     every ${watchIntervalSeconds(process.env.WATCH_INTERVAL_SECONDS)} s over the watch: true deployments, and Airflow 3 human-in-the-loop requests (WATCH_INTERVAL_SECONDS)`,
    `  on-call                     every ${intervalSeconds('ONCALL_INTERVAL_SECONDS', process.env.ONCALL_INTERVAL_SECONDS)} s: reminders and daily digests due (ONCALL_INTERVAL_SECONDS)`,
  ];
  if (stack.airflowV1) lines.push(`  demo Airflow 2 (demo-v1)    ${stack.airflowV1.url}/api/v1   (admin / admin)`);
  if (stack.airflowV2) lines.push(`  demo Airflow 3 (demo-v2)    ${stack.airflowV2.url}/api/v2   (admin / admin)`);
  if (stack.platforms) {
    const { astro, mwaa, composer } = stack.platforms;
    lines.push(
      `  demo-astro                  ${astro.url}   (Astronomer stand-in: Airflow API and core API)`,
      `  demo-mwaa                   ${mwaa.webServerUrl}   (MWAA web server; AWS API at ${mwaa.awsEndpoint})`,
      `  demo-composer               ${composer.webServerUrl}   (Composer web server and token endpoint)`,
    );
  }
  if (ownRegistry) {
    lines.push(`  deployments from ${stack.deploymentsFile}:`);
    for (const deployment of stack.registry.deployments) lines.push(`    ${deployment.name.padEnd(24)}  ${deployment.apiUrl}`);
  }
  const first = stack.registry.deployments[0]?.name ?? 'demo-v2';
  lines.push(
    '',
    'In another terminal:',
    '  npm run slack -- "/airflow help"',
    '  npm run slack -- "/airflow deployments"',
    ownRegistry
      ? `  npm run slack -- "/airflow failed ${first}"`
      : '  npm run slack -- "/airflow ti demo-v2 etl_daily latest transform"',
    ...(ownRegistry ? [] : ['  npm run slack -- --click "Mark success"']),
    '',
  );
  return lines.join('\n');
}

/** `WATCH_INTERVAL_SECONDS`: how often the watcher ticks (15 by default; in AWS, every minute). */
function watchIntervalSeconds(raw: string | undefined): number {
  return intervalSeconds('WATCH_INTERVAL_SECONDS', raw);
}

/** A tick interval from the environment, in seconds (15 by default; in AWS, every minute). */
function intervalSeconds(name: string, raw: string | undefined): number {
  const text = nonEmpty(raw);
  if (text === undefined) return 15;
  const seconds = /^\d{1,5}$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(seconds >= 1)) throw new Error(`${name} must be a whole number of seconds from 1, not "${text}".`);
  return seconds;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

main().catch((error: unknown) => {
  process.stderr.write(`Could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
